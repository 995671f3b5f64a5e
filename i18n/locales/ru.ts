/**
 * Russian: Mouse's fixed texts in Fluent syntax (https://projectfluent.org).
 * A TypeScript module rather than a .ftl file so that Node, Vitest and the
 * Cloudflare Worker bundle all carry it without reading files at run time.
 */
export const source = `# Постоянные тексты Mouse, русский. Каждый ключ есть во всех языках
# (это проверяет \`i18n/catalogue.test.ts\`).

## Errors and limits
error-sorry = Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.
error-too-fast = Вы пишете быстрее, чем я успеваю читать, — дайте мне несколько секунд. 🐭

## Onboarding
join-help = Чтобы пользоваться Mouse, нужно приглашение: отсканируйте QR-код, который дал вам партнёр Mouse, или зарегистрируйте свой бизнес на нашей странице регистрации и отсканируйте код, который она покажет.
start-welcome-back = С возвращением! Вы работаете с King Mouse для «{ $customer }». Чем могу помочь?
start-stranger = Привет! Я King Mouse 🐭, ИИ-помощник, который нанимает ИИ-сотрудников для малого бизнеса.
onboarding-q1 =
    Добро пожаловать в Mouse! 🐭 Я King Mouse. Давайте всё настроим — три коротких вопроса.

    1/3 Как называется ваш бизнес?
onboarding-name-hint = Пришлите название текстом (до 200 символов).
onboarding-q2 = Приятно познакомиться, «{ $name }»! 2/3 С чем вам нужна помощь? (например, «обновлять сайт и публиковать посты в Instagram»)
onboarding-needs-hint = Опишите это текстовым сообщением (до 4000 символов).
onboarding-or-cancel = { $hint } Или отправьте /cancel, чтобы остановиться.
onboarding-plan-free = Бесплатный: { $messages } сообщений
onboarding-plan-paid = { $plan }: { $price } в месяц
onboarding-q3 = 3/3 Выберите тариф (его можно сменить в любой момент через /billing):
onboarding-tap-plan = Нажмите одну из кнопок с тарифами выше или отправьте /cancel, чтобы остановиться.
onboarding-done-free =
    Всё готово, «{ $name }», вы на бесплатном тарифе! 🎉

    Расскажите своими словами, что нужно сделать, и я найму рыцаря — ИИ-сотрудника со своим компьютером. Всё, что стоит денег, вы одобряете одним нажатием.
onboarding-done-paid = Отличный выбор. Оформите подписку { $plan } здесь; тариф сменится, как только пройдёт оплата. А пока можно начинать на бесплатном тарифе.
onboarding-time-zone = Время вроде «каждое утро в 8» я буду понимать по часовому поясу { $zone } — судя по языку вашего Telegram. Если это не так, отправьте /timezone и ваш пояс, например /timezone Europe/Moscow.
onboarding-subscribe-button = Оформить { $plan }
onboarding-welcome-aboard = Добро пожаловать, «{ $name }»! 🎉 Расскажите, что нужно, или выберите быстрое действие:
invite-unknown = Эта ссылка-приглашение недействительна. Проверьте, что вы отсканировали QR-код целиком.
invite-expired = Срок действия приглашения истёк. Попросите новый QR-код у того, кто его дал, — это займёт минуту.
invite-used = Этим приглашением уже воспользовался кто-то другой. Каждый QR-код работает один раз; попросите новый для себя.
invite-already-member = Вы уже присоединились к «{ $customer }» по этому приглашению — просто скажите, что нужно.
invite-this-business = этому бизнесу

## Team invites
invite-joined-team =
    👋 Добро пожаловать в команду «{ $customer }» в Mouse! Ваша роль — { $role ->
        [owner] владелец: вы можете давать задания, одобрять их и управлять командой и оплатой.
        [admin] администратор: вы можете давать задания, одобрять их и управлять командой и оплатой.
        [viewer] наблюдатель: вы можете следить за работой и видеть, что ждёт одобрения.
       *[member] участник: вы можете давать задания King Mouse и одобрять их.
    }
    { $role ->
        [viewer] Отправьте /status, чтобы узнать, что происходит.
       *[other] Напишите своими словами, что нужно сделать, или нажмите кнопку ниже.
    }

## Quick actions
qa-employees = 👷 Мои сотрудники
qa-status = 📋 Статус задач
qa-billing = 💳 Оплата
qa-dashboard = 🖥 Панель
qa-help = ❓ Помощь

## Help and the command menu
help-text =
    <b>King Mouse</b> 🐭 нанимает ИИ-сотрудников (рыцарей) со своими компьютерами, чтобы они делали компьютерную работу вашего бизнеса.

    Просто скажите, что нужно, например <i>«обнови часы работы на моём сайте»</i>. Всё, что стоит денег, ждёт, пока вы нажмёте <b>Одобрить</b>.

    /employees — ваши рыцари
    /status [задача] — чем они заняты
    /stop &lt;задача&gt; — остановить задачу
    /dashboard — ссылка, чтобы смотреть на рыцарей вживую
    /billing — тариф, расход и баланс
    /language — выбрать язык
    /cancel — выйти из текущего вопроса
    /help — это сообщение
help-admin-title = <b>Администрирование платформы</b>
cmd-help = что я умею
cmd-employees = ваши рыцари
cmd-status = чем заняты ваши рыцари
cmd-stop = остановить задачу
cmd-schedules = ваши регулярные задачи
cmd-timezone = часовой пояс для расписаний
cmd-dashboard = ссылка, чтобы смотреть на рыцарей вживую
cmd-billing = тариф, расход и баланс
cmd-language = выбрать язык
cmd-cancel = выйти из текущего вопроса
cmd-admin_stats = итоги по платформе
cmd-admin_customers = список клиентов
cmd-admin_suspend = <клиент> приостановить клиента
cmd-admin_resume = <клиент> возобновить клиента
cmd-admin_credit = <клиент> <сумма> начислить доллары
cmd-admin_broadcast = <текст> написать всем пользователям
cmd-admin_tasks = выполняющиеся задачи
cmd-admin_kill = <задача> немедленно остановить задачу

## Language
language-choose = На каком языке мне с вами говорить?
language-set = Готово — теперь я говорю с вами по-русски.

## Customer commands
customer-unknown = Я вас пока не знаю. Отсканируйте QR-код, который дал вам партнёр Mouse (или зарегистрируйтесь на нашей странице регистрации), чтобы начать.
customer-suspended = Аккаунт Mouse «{ $customer }» приостановлен, поэтому сейчас я не могу принимать запросы. Обратитесь к партнёру Mouse или в поддержку, чтобы его восстановить.
cancel-done = Хорошо, отменено. Что хотите сделать вместо этого?
cancel-nothing = Сейчас нечего отменять.
employees-none = У вас пока нет рыцарей. Расскажите, что нужно сделать, и я предложу, кого нанять.
employees-title = Ваши рыцари:
employees-line = • <b>{ $name }</b> — { $role }, { $status }{ $active ->
        [0] {""}
        [one] {" "}({ $active } активная задача)
        [few] {" "}({ $active } активные задачи)
       *[other] {" "}({ $active } активных задач)
    }
status-bad-ref = Укажите код задачи, как в /status, например /status 3f2a91c0.
status-not-found = Не нахожу задачу { $ref } в вашем аккаунте.
status-none = Задач пока нет — расскажите, что нужно сделать.
status-detail = { $status }{ $employee } · { $steps ->
        [one] { $steps } шаг
        [few] { $steps } шага
       *[other] { $steps } шагов
    } · { $cost }
status-question = Вопрос: { $text }
status-result = Результат: { $text }
status-problem = Проблема: { $text }
task-status-awaiting_approval = ждёт одобрения
task-status-queued = в очереди
task-status-running = выполняется
task-status-waiting_for_input = ждёт вашего ответа
task-status-succeeded = выполнена
task-status-failed = не удалась
task-status-cancelled = отменена
employee-status-idle = свободен
employee-status-working = работает
employee-status-paused = на паузе
stop-usage = Какую задачу? Отправьте /stop и её код из /status, например /stop 3f2a91c0.
stop-finished = Эта задача уже завершена.
stop-forbidden = Ваша роль в этом аккаунте позволяет смотреть задачи, но не останавливать их. Попросите владельца или администратора.
stop-stopping = Останавливаю задачу { $ref } — рыцарь остановится перед следующим шагом.
stop-cancelled = Задача { $ref } остановлена: она ещё не начиналась.
stop-already-stopping = Задача { $ref } уже останавливается — рыцарь остановится перед следующим шагом.
dashboard-link = Вот ссылка на вашу панель. Она работает один раз и действует 10 минут.
dashboard-open = Открыть панель

## Hiring from the catalogue
cmd-hire = нанять сотрудника из каталога
hire-catalogue = Вот сотрудники, которых можно нанять. Нажмите на любого, чтобы узнать, что он умеет, — или отправьте /hire и опишите задачу, например: /hire обнови часы работы на нашем сайте.
hire-who = Кто должен это сделать? Выберите роль — вы подтвердите, прежде чем что-то начнётся.
hire-none = Сейчас нет ролей, которые можно нанять.
hire-gone = Эта роль больше не предлагается. Отправьте /hire, чтобы увидеть актуальные.
hire-needs-plan = Роль «{ $role }» доступна на тарифе { $plan }. Отправьте /billing, чтобы сменить тариф.
hire-pick-when = Подходит для: { $when }
hire-budget = Бюджет на задачу: до { $budget }
hire-price = Цена роли: { $price } за задачу, сверх использования
hire-how = Выберите первую задачу ниже или отправьте /hire и опишите, что должна сделать роль «{ $role }».

## Billing
billing-plan = <b>Тариф { $plan }</b>
billing-plan-price = <b>Тариф { $plan }</b> · { $price } в месяц
billing-this-month = В этом месяце:
billing-messages = • Сообщения: { $used } из { $included } включённых
billing-ai = • ИИ: { $used } из { $included } включённых
billing-vm = • Время компьютера: { $used } из { $included } включённых минут
billing-total = • Всего израсходовано: { $used } из месячного бюджета { $budget }
billing-credits = Баланс кредитов: { $credits }
billing-manage = Управление подпиской
billing-upgrade-pro = Перейти на Pro
billing-upgrade-team = Перейти на Team
billing-upgrade-to = Перейти на { $plan }:
billing-subscribe = Оформить подписку
billing-alert-80 = Внимание: «{ $customer }» израсходовал { $spent } из месячного бюджета { $budget } (80 %). Когда бюджет закончится, рыцари остановятся. Посмотрите расход, смените тариф или попросите больший бюджет через /billing.
billing-alert-100 = «{ $customer }» израсходовал весь месячный бюджет { $budget }. Рыцари на паузе до { $renews }, когда бюджет начнётся заново. Чтобы продолжить работу сейчас, смените тариф или попросите больший бюджет через /billing.

## Approvals
approval-approve = ✅ Одобрить
approval-deny = ✖️ Отклонить
approval-invalid = Эта кнопка недействительна.
approval-gone = Этого запроса больше нет.
approval-expired = Срок запроса истёк. Попросите ещё раз, если это всё ещё нужно.
approval-already = Уже { $status ->
        [approved] одобрено
        [denied] отклонено
       *[other] просрочено
    }.
approval-role = Ваша роль не позволяет это одобрить. Попросите владельца или администратора.
approval-approved-toast = Одобрено
approval-denied-toast = Отклонено
approval-approved-by = ✅ Одобрил(а) { $name }
approval-denied-by = ✖️ Отклонил(а) { $name }
approval-someone = вы
approval-denied-reply = Хорошо, не буду. Что-нибудь ещё?
approval-start-failed = Вы одобрили, но сейчас мне не удалось начать работу. Я записал проблему — попросите ещё раз через минуту.
approval-refused = Вы одобрили, но я не смог это сделать: { $reason }

## Approval cards
role-web-developer = Веб-разработчик
role-social-media-manager = SMM-менеджер
role-researcher = Исследователь
role-ops-assistant = Ассистент по данным и операциям
card-deploy-new = 🧾 Новый сотрудник ({ $role }) сделает для вас: { $task }
card-deploy-named = 🧾 { $name } ({ $role }) сделает для вас: { $task }
card-budget = Может потратить до { $budget }. Ничего не начнётся, пока вы не нажмёте «Одобрить».
card-budget-estimate = Такая работа обычно занимает около { $minutes } мин компьютерного времени и стоит около { $estimate }; может потратить до { $budget }. Ничего не начнётся, пока вы не нажмёте «Одобрить».
card-role-price = Эта роль также стоит { $price } за задачу.
card-schedule = 🔁 Сотрудник ({ $role }) будет делать это { $cadence } (время { $zone }): { $task }
card-schedule-money = До { $per_run } за запуск, около { $per_month } в месяц. Ничего не запустится, пока вы не нажмёте «Одобрить».
card-schedule-edit = 🔁 «{ $task }» будет выполняться { $after } вместо { $before }. Ничего не изменится, пока вы не нажмёте «Одобрить».
card-vault-use = 🔐 Ваш сотрудник ({ $role }) хочет войти в { $label } с вашим сохранённым логином ({ $field }). Разрешить?
card-vault-use-each = 🔐 Ваш сотрудник ({ $role }) хочет ввести ваш сохранённый логин для { $label } ({ $field }). Я не могу проверить, какой сайт открыт, поэтому спрашиваю каждый раз. Разрешить?
card-nothing-yet = Ничего не произойдёт, пока вы не нажмёте «Одобрить».

## Chat
chat-passed-to-knight = Спасибо — я передал это вашему рыцарю, он продолжает работу.
chat-edited = Я отвечаю на новые сообщения, а не на правки — отправьте его заново, если хотите, чтобы я учёл новый текст.
chat-media = Спасибо за { $kind ->
        [photo] фото
        [voice] голосовое сообщение
        [audio] аудио
        [video] видео
        [video_note] видеосообщение
        [sticker] стикер
        [location] геолокацию
        [contact] контакт
       *[document] файл
    }! Пока я понимаю только текст. Напишите словами, что с этим сделать, — например, «опубликуй это фото в Instagram с подписью про акцию выходного дня», — и рыцарь возьмётся за дело.
chat-private-only = Я работаю в личных чатах, чтобы дела вашего бизнеса оставались личными, — напишите мне напрямую: @{ $bot }
unknown-command = Я не знаю такой команды. Отправьте /help, чтобы узнать, что я умею.
button-expired = Срок действия кнопки истёк.


## Incoming files
files-too-big = { $file } больше 20 МБ — Telegram не даёт мне скачать такой файл. Пришлите версию поменьше или ссылку на него.
files-failed = Не удалось скачать этот файл из Telegram. Пожалуйста, пришлите его ещё раз чуть позже.
files-placed = Получил — положил { $file } на рабочий стол сотрудника { $name }: { $path }.
files-kept = Получил — сохранил { $file } и положу его на рабочий стол следующего рыцаря, который будет работать на вас.
files-kept-too-big = Получил — сохранил { $file }. Он больше 10 МБ, слишком большой для рабочего стола рыцаря, поэтому открыть его там не получится.

## Knights' notices
knight-on-it = { $name } уже взялся за дело. Буду держать вас в курсе здесь.
knight-started = 🛡️ { $name } начал: { $request }
knight-progress = ⚙️ { $name } — шаг { $step }/{ $max }: { $what } · пока { $cost }
knight-needs-input =
    ❓ { $name } нужен ваш ответ:
    { $question }
knight-done =
    ✅ { $name } закончил:
    { $summary }
knight-failed = ⚠️ { $name } не смог закончить: { $reason }
knight-cancelled = ⏹️ { $name } остановил задачу, как вы просили.
knight-paused-suspended = Ваш аккаунт приостановлен, поэтому я поставил задачу на паузу. Она продолжится, когда аккаунт снова станет активным и вы её возобновите.
knight-paused-task-budget = Задача достигла своего бюджета ({ $budget }), поэтому я поставил её на паузу. Ответьте, чтобы продолжить, или остановите её через /stop.
knight-paused-monthly-budget = Вы достигли месячного бюджета ({ $budget }), поэтому я поставил задачу на паузу, чтобы не тратить больше. Увеличьте бюджет или дождитесь следующего месяца, затем ответьте, чтобы продолжить.

## Knights' final states and receipts
knight-state-done = ✅ { $name } — готово за { $elapsed } · { $cost }
knight-state-failed = ⚠️ { $name } — не удалось завершить ({ $elapsed } · { $cost })
knight-state-stopped = ⏹️ { $name } — остановлено через { $elapsed } · { $cost }
knight-state-waiting = ⏸️ { $name } — ждёт вас ({ $elapsed } на данный момент · { $cost })
knight-next-done = Дальше: проверьте результат; напишите здесь, если что-то нужно поменять, или дайте следующее задание.
knight-next-failed = Дальше: напишите, чего не хватило (ссылка, логин, более ясная цель), и я попробую снова, или откройте страницу задачи, чтобы увидеть каждый шаг.
knight-next-stopped = На эту задачу больше ничего не тратится. Попросите снова, когда понадобится.
knight-help-captcha = CAPTCHA
knight-help-login = вход в аккаунт
knight-help-two-factor = код двухфакторной проверки
knight-help-one-time-code = одноразовый код
knight-help-choice = выбор, который можете сделать только вы
knight-needs-help =
    🙋 { $name } нужна ваша помощь ({ $reason }):
    { $message }

    Нажмите кнопку, чтобы взять управление рабочим столом, а потом верните его. Или просто ответьте здесь (код, выбор), и я передам.
knight-desktop-paused = 💤 Рабочий стол сотрудника { $name } слишком долго простаивал в ожидании вас, поэтому я его остановил (ничего не потеряно, и пока он остановлен, оплата не идёт). Нажмите кнопку или ответьте, когда будете готовы, и он запустится снова.
knight-delivered = 📎 { $name } передаёт: { $title }
knight-delivered-too-big = { $file } весит { $size } МБ — слишком много для Telegram: скачайте его в личном кабинете (сначала войдите; ссылка работает для вашей команды 7 дней).
knight-download = ⬇️ Скачать { $file }
knight-steps-limit = Достигнут предел в { $max } шагов до завершения.
receipt-title = 🧾 Чек
receipt-files = Передано: { $files }
receipt-no-files = Передано: файлов нет
receipt-time = Время: { $elapsed } · { $steps ->
        [one] { $steps } шаг
        [few] { $steps } шага
       *[other] { $steps } шагов
    }
receipt-cost = Стоимость: { $cost } из одобренных { $budget } ({ $minutes } мин компьютерного времени · { $tokens } токенов модели)
receipt-cost-unbudgeted = Стоимость: { $cost } ({ $minutes } мин компьютерного времени · { $tokens } токенов модели)
receipt-role = Роль: { $role }, { $price } за задачу
receipt-page = Страница задачи: { $url }
elapsed-seconds = { $s } с
elapsed-minutes = { $m } мин { $s } с
elapsed-hours = { $h } ч { $m } мин

## Task steps in plain words
step-click = Нажал на экран
step-double-click = Дважды нажал на экран
step-right-click = Нажал правой кнопкой
step-move = Передвинул указатель
step-drag = Перетащил на экране
step-type = Ввёл «{ $text }»
step-key = Нажал { $key }
step-scroll = { $direction ->
        [up] Прокрутил вверх
        [left] Прокрутил влево
        [right] Прокрутил вправо
       *[down] Прокрутил вниз
    }
step-wait = Подождал { $seconds } с
step-look = Посмотрел на экран
step-zoom = Рассмотрел часть экрана
step-secret = Ввёл ваш сохранённый логин для { $login }
step-deliver = Передал файл { $file }
step-finish = Закончил и отчитался
step-ask = Задал вам вопрос
step-help = Попросил вашей помощи
step-customer = { $name } взял управление
step-answer = Получил ваш ответ
step-handback = Управление вернули
step-other = Работал на экране

## Result files and replays
knight-result-file-table = Таблица результатов
knight-result-file-full = Полный результат
knight-result-file-description = Слишком длинно для одного сообщения: здесь всё целиком.
replay-caption-succeeded = 🎞️ Запись: как { $name } работал над «{ $request }» (кадров: { $frames }; { $name } закончил).
replay-caption-failed = 🎞️ Запись: как { $name } работал над «{ $request }» (кадров: { $frames }; { $name } остановился из-за проблемы).
replay-caption-cancelled = 🎞️ Запись: как { $name } работал над «{ $request }» (кадров: { $frames }; { $name } был остановлен).

## One-time codes relayed from the chat
knight-needs-code =
    🔢 { $name } нужен одноразовый код: { $message }
    Когда код придёт по SMS или почте, просто пришлите его сюда ответом. Я сразу удалю ваше сообщение и введу код на рабочем столе { $name } — его никто не прочитает, даже ИИ.
code-relayed = 🔢 Получил. Я удалил ваше сообщение и передал код: он вводится на рабочем столе вашего сотрудника, и никто его не читает.
code-relayed-not-deleted = 🔢 Я передал код, но не смог удалить ваше сообщение из чата — пожалуйста, удалите его сами.

## Admin
admin-stats =
    <b>Платформа</b>
    Клиенты: { $customers } (приостановлено: { $suspended }) · реселлеры: { $resellers } · пользователи: { $users }
    Активные задачи: { $tasks } · запущенные ВМ: { $vms }
    Расход за месяц: { $usage }
admin-no-customers = Клиентов пока нет.
admin-status-usage = Использование: /{ $command } <id клиента или первые 8 символов>
admin-no-match = Ни один клиент не подходит под { $ref }.
admin-ambiguous = Под { $ref } подходят несколько клиентов ({ $count }); укажите больше символов.
admin-now-suspended = «{ $customer }» приостановлен.
admin-now-active = «{ $customer }» снова активен.
admin-status-failed = Не удалось изменить «{ $customer }»: { $reason }.
admin-credit-usage = Использование: /admin_credit <клиент> <сумма в долларах, например 25 или -10.50>
admin-credited = Начислено { $amount } клиенту «{ $customer }».
admin-debited = Списано { $amount } кредита у клиента «{ $customer }».
admin-broadcast-usage = Использование: /admin_broadcast <текст для всех пользователей>
admin-broadcast-queued = Рассылка поставлена в очередь для { $count } чатов; она уйдёт в пределах лимитов Telegram.
admin-no-tasks = Нет выполняющихся задач.
admin-kill-usage = Использование: /admin_kill <id задачи или первые 8 символов>
admin-killing = Останавливаю задачи, подходящие под { $ref }: { $count }.
admin-kill-none = Ни одна выполняющаяся задача не подходит под { $ref }.

## Suspension
account-suspended-notice =
    ⛔ Аккаунт Mouse «{ $customer }» приостановлен: { $reason }
    Ваши сотрудники на паузе, пока аккаунт снова не станет активным. Чтобы решить вопрос, проверьте тариф и платежи командой /billing (она остаётся доступной) или обратитесь к партнёру Mouse или в поддержку.
account-reactivated-notice = ✅ Аккаунт Mouse «{ $customer }» снова активен. Можно давать задания, как раньше; задача на паузе продолжится, когда вы на неё ответите.
billing-suspended = ⛔ Этот аккаунт приостановлен: { $reason }
    Чтобы решить вопрос, оплатите тариф ниже или обратитесь к партнёру Mouse или в поддержку.
admin-suspend-usage = Использование: /admin_suspend <id клиента или первые 8 символов> <причина, которую прочитает клиент>

## Sign-up spikes
admin-signup-spike = ⚠️ Всплеск регистраций: за последние { $minutes } мин. через /onboard зарегистрировались { $addresses } разных адресов. Теперь форма просит каждый браузер пройти короткую проверку (proof of work); подробности в журнале аудита.

## Billing events
billing-payment-failed = Ваш платёж на { $amount } не прошёл. Stripe попробует ещё раз через несколько дней; обновите карту через /billing, чтобы сохранить тариф.
billing-plan-ended = Ваш платный тариф закончился; теперь вы на бесплатном тарифе. Выберите тариф снова в любой момент через /billing.
billing-plan-now = Теперь у вас тариф { $plan }: { $messages } сообщений, { $ai } на ИИ и { $minutes } мин компьютерного времени в месяц, до { $knights } рыцарей одновременно.

## King Mouse
brain-limit-messages = Вы использовали все сообщения тарифа { $plan } за этот месяц ({ $messages }), поэтому я не смогу ответить до { $date }. { $hint }
brain-limit-ai = Вы израсходовали включённые в тариф { $plan } { $ai } на ИИ за этот месяц, поэтому я на паузе до { $date }. { $hint }
brain-limit-budget = Вы достигли месячного лимита расходов { $budget }, поэтому я на паузе до { $date }. Владелец может поднять лимит в панели. { $hint }
brain-upgrade-hint = Отправьте /billing, чтобы посмотреть тарифы и перейти на другой.
brain-empty = Напишите мне, и я возьмусь за дело.
brain-unavailable = Извините, мои ИИ-модели сейчас не отвечают. Я сохранил ваше сообщение и отвечу, когда вы нажмёте «Повторить» или отправите его ещё раз через минуту.
brain-max-rounds = На это ушло больше шагов, чем я могу сделать за одно сообщение. Скажите, на чём сосредоточиться, и я продолжу.
brain-ai-budget = Я остановился, потому что лимит ИИ на этот месяц только что закончился.
brain-done = Готово.

## Регулярные задачи
schedules-none = У вас пока нет регулярных задач. Скажите, что и когда делать, например: «каждое утро в 8 публикуй предложение дня в Instagram».
schedules-header = Ваши регулярные задачи ({ $count }), время — { $zone }. Сменить пояс: /timezone.
schedules-next-run = следующий запуск { $when }
schedules-next-run-soon = следующий запуск скоро
schedules-paused-failures = на паузе после трёх неудачных запусков
schedules-paused-state = на паузе
schedules-awaiting-approval = ждёт вашего одобрения
schedules-pause = ⏸ Пауза
schedules-resume = ▶️ Возобновить
schedules-run-now = ⚡ Запустить сейчас
schedules-delete = 🗑 Удалить
schedules-paused = На паузе. Задача не запустится, пока вы её не возобновите.
schedules-resumed = Возобновлено. Следующий запуск { $when }.
schedules-deleted = Удалено. Задача больше не запустится.
schedules-skipped = Хорошо, этот запуск пропущен. Расписание не меняется.
schedules-started = Запущено: сообщу здесь, когда будет готово.
schedules-over-budget = Не запускаю: этот запуск превысит ваш месячный лимит расходов. Поднять его можно через /billing.
schedules-suspended = Ваш аккаунт приостановлен, поэтому сейчас ничего не запускается.
schedules-not-started = Сейчас запустить не получилось. Попробуйте ещё раз через минуту.
timezone-is =
    Ваш часовой пояс — { $zone }. Расписания работают по этому местному времени.
    Чтобы сменить его, отправьте /timezone и название пояса, например /timezone { $example }
timezone-set = Часовой пояс: { $zone }.{ $moved ->
        [0] {""}
        [one] {" "}{ $moved } регулярная задача теперь идёт по времени { $zone }.
        [few] {" "}{ $moved } регулярные задачи теперь идут по времени { $zone }.
       *[other] {" "}{ $moved } регулярных задач теперь идут по времени { $zone }.
    }

## Schedule cadences in words
cadence-daily = каждый день в { $at }
cadence-weekdays = каждый будний день в { $at }
cadence-weekly = по дням: { $days }, в { $at }
cadence-monthly = каждый месяц { $day }-го числа в { $at }
cadence-monthly-late = каждый месяц { $day }-го числа (или в последний день месяца) в { $at }
cadence-hourly = каждый час в :{ $minute }
cadence-every-hours = раз в { $count } ч
cadence-every-minutes = { $count ->
        [one] каждую минуту
       *[other] раз в { $count } мин
    }
cadence-cron = по расписанию «{ $expression }»

## Recurring tasks, notices
schedules-notice-over-budget = ⏸️ Регулярная задача «{ $request }» не запустилась: она может стоить до { $run }, а из месячного лимита { $cap } уже потрачено { $spent }. Поднимите лимит, чтобы она запустилась, или пропустите этот раз.
schedules-notice-paused = ⚠️ «{ $request }» трижды подряд завершилась с ошибкой, поэтому я её приостановил. Возобновить или удалить?
schedules-raise-cap = Поднять лимит
schedules-skip-run = Пропустить этот раз

## Pasted logins, what was noticed
login-what-service = пароль от { $service }
login-what-plain = пароль
login-what-and-totp = { $what } и ключ двухфакторной проверки
login-what-account = { $what } для { $account }

## Пароли, вставленные в чат
login-caught = 🔐 Это похоже на { $what }, поэтому я сразу удалил ваше сообщение: паролям не место в чате, и я его не сохранял и не читал.
login-offer = Сохранить его в ваших входах? Тогда сотрудники смогут входить с ним, ни разу его не увидев.
login-no-offer = Чтобы сотрудники могли пользоваться входом, добавьте его в панели в разделе «Входы» (ссылка — по команде /dashboard). Если вставите снова, укажите сайт и имя пользователя.
login-not-deleted = Не удалось удалить это сообщение из чата — удалите его, пожалуйста, сами. Я его не сохранял и не читал.
login-save = 🔐 Сохранить во входах
login-form = 🔐 Добавить логин через форму
login-discard = Забыть
login-saved = Сохранено как «{ $label }». Сотрудники могут пользоваться им, не видя его; кто может им пользоваться, меняется в панели в разделе «Входы».
login-discarded = Забыто. Ничего не сохранено.
login-not-customer = Хранить входы могут только участники аккаунта Mouse.
`;
