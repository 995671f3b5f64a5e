/**
 * Brazilian Portuguese: Mouse's fixed texts in Fluent syntax (https://projectfluent.org).
 * A TypeScript module rather than a .ftl file so that Node, Vitest and the
 * Cloudflare Worker bundle all carry it without reading files at run time.
 */
export const source = `# Textos fixos do Mouse, português do Brasil. Toda chave existe em todos os
# idiomas (verificado por \`i18n/catalogue.test.ts\`).

## Errors and limits
error-sorry = Desculpe, algo deu errado do meu lado. Tente de novo daqui a pouco.
error-too-fast = Você está mandando mensagens mais rápido do que consigo ler: me dê alguns segundos. 🐭

## Onboarding
join-help = Para usar o Mouse você precisa de um convite: escaneie o QR code que seu parceiro Mouse te deu, ou cadastre sua empresa na nossa página de cadastro e escaneie o código que ela mostra.
start-welcome-back = Que bom te ver de novo! Você trabalha com o King Mouse para { $customer }. Em que posso ajudar?
start-stranger = Oi! Eu sou o King Mouse 🐭, um assistente de IA que contrata trabalhadores de IA para pequenas empresas.
onboarding-q1 =
    Bem-vindo ao Mouse! 🐭 Eu sou o King Mouse. Vamos configurar tudo com três perguntas rápidas.

    1/3 Qual é o nome da sua empresa?
onboarding-name-hint = Envie o nome como texto (até 200 caracteres).
onboarding-q2 = Prazer em conhecer a { $name }! 2/3 Com o que você precisa de ajuda? (ex.: "manter meu site atualizado e postar no Instagram")
onboarding-needs-hint = Descreva em uma mensagem de texto (até 4000 caracteres).
onboarding-or-cancel = { $hint } Ou envie /cancel para parar.
onboarding-plan-free = Grátis: { $messages } mensagens
onboarding-plan-paid = { $plan }: { $price } por mês
onboarding-q3 = 3/3 Escolha um plano (você pode mudar quando quiser com /billing):
onboarding-tap-plan = Toque em um dos botões de plano acima, ou envie /cancel para parar.
onboarding-done-free =
    Tudo pronto no plano Grátis, { $name }! 🎉

    Me diga o que você precisa com suas palavras e eu contrato um cavaleiro, um trabalhador de IA com o próprio computador, para fazer. Tudo o que custa dinheiro você aprova com um toque.
onboarding-done-paid = Ótima escolha. Conclua aqui a assinatura { $plan }; seu plano muda assim que o pagamento for confirmado. Enquanto isso, você já pode começar no plano Grátis.
onboarding-time-zone = Vou entender horários como "toda manhã às 8" no horário de { $zone }, pelo idioma do seu Telegram. Se não estiver certo, envie /timezone seguido do seu fuso, por exemplo /timezone America/Sao_Paulo.
onboarding-subscribe-button = Assinar o { $plan }
onboarding-welcome-aboard = Seja bem-vindo, { $name }! 🎉 Me diga o que você precisa ou use uma ação rápida:
invite-unknown = Esse link de convite não é válido. Confira se você escaneou o QR code inteiro.
invite-expired = Esse convite expirou. Peça um QR code novo para quem te enviou: leva só um instante.
invite-used = Esse convite já foi usado por outra pessoa. Cada QR code funciona uma vez; peça um novo para você.
invite-already-member = Você já entrou em { $customer } com este convite: é só me dizer o que precisa.
invite-this-business = esta empresa

## Team invites
invite-joined-team =
    👋 Boas-vindas a { $customer } no Mouse! Você entrou na equipe como { $role ->
        [owner] proprietário: pode pedir trabalho, aprová-lo e gerenciar a equipe e o faturamento.
        [admin] administrador: pode pedir trabalho, aprová-lo e gerenciar a equipe e o faturamento.
        [viewer] observador: pode acompanhar o trabalho e ver o que aguarda aprovação.
       *[member] membro: pode pedir trabalho ao King Mouse e aprová-lo.
    }
    { $role ->
        [viewer] Envie /status para ver o que está acontecendo.
       *[other] Diga com suas palavras o que precisa, ou toque em um botão abaixo.
    }

## Quick actions
qa-employees = 👷 Meus funcionários
qa-status = 📋 Status das tarefas
qa-billing = 💳 Cobrança
qa-dashboard = 🖥 Painel
qa-help = ❓ Ajuda

## Help and the command menu
help-text =
    <b>King Mouse</b> 🐭 contrata trabalhadores de IA (cavaleiros) com o próprio computador para fazer o trabalho de computador da sua empresa.

    É só me dizer o que você precisa, ex.: <i>"atualize o horário de funcionamento no meu site"</i>. Tudo o que custa dinheiro espera você tocar em <b>Aprovar</b>.

    /employees — seus cavaleiros
    /status [tarefa] — o que eles estão fazendo
    /stop &lt;tarefa&gt; — parar uma tarefa
    /dashboard — um link para ver os cavaleiros ao vivo
    /billing — plano, uso e saldo
    /language — escolher meu idioma
    /cancel — sair da pergunta atual
    /help — esta mensagem
help-admin-title = <b>Administração da plataforma</b>
cmd-help = o que eu sei fazer
cmd-employees = seus cavaleiros
cmd-status = o que seus cavaleiros estão fazendo
cmd-stop = parar uma tarefa
cmd-schedules = suas tarefas recorrentes
cmd-timezone = o fuso horário das suas tarefas agendadas
cmd-dashboard = link para ver os cavaleiros ao vivo
cmd-billing = plano, uso e saldo
cmd-language = escolher meu idioma
cmd-cancel = sair da pergunta atual
cmd-admin_stats = totais da plataforma
cmd-admin_customers = listar clientes
cmd-admin_suspend = <cliente> suspender um cliente
cmd-admin_resume = <cliente> reativar um cliente
cmd-admin_credit = <cliente> <valor> creditar dólares
cmd-admin_broadcast = <texto> enviar a todos os usuários
cmd-admin_tasks = tarefas em andamento
cmd-admin_kill = <tarefa> parar uma tarefa agora

## Language
language-choose = Em qual idioma você quer que eu fale?
language-set = Pronto: de agora em diante falo com você em português.

## Customer commands
customer-unknown = Ainda não te conheço. Escaneie o QR code que seu parceiro Mouse te deu (ou cadastre-se na nossa página de cadastro) para começar.
customer-suspended = A conta Mouse de { $customer } está suspensa, então não posso aceitar pedidos agora. Fale com seu parceiro Mouse ou com o suporte para reativá-la.
cancel-done = Certo, cancelado. O que você gostaria de fazer no lugar?
cancel-nothing = Não há nada para cancelar agora.
employees-none = Você ainda não tem cavaleiros. Me diga o que precisa e eu sugiro um para contratar.
employees-title = Seus cavaleiros:
employees-line = • <b>{ $name }</b> — { $role }, { $status }{ $active ->
        [0] {""}
        [one] {" "}(1 tarefa ativa)
       *[other] {" "}({ $active } tarefas ativas)
    }
status-bad-ref = Me passe o código da tarefa como aparece em /status, ex.: /status 3f2a91c0.
status-not-found = Não encontrei nenhuma tarefa { $ref } na sua conta.
status-none = Nenhuma tarefa ainda: me diga o que você precisa.
status-detail = { $status }{ $employee } · { $steps ->
        [one] 1 passo
       *[other] { $steps } passos
    } · { $cost }
status-question = Pergunta: { $text }
status-result = Resultado: { $text }
status-problem = Problema: { $text }
task-status-awaiting_approval = aguardando aprovação
task-status-queued = na fila
task-status-running = em andamento
task-status-waiting_for_input = aguardando sua resposta
task-status-succeeded = concluída
task-status-failed = falhou
task-status-cancelled = cancelada
employee-status-idle = livre
employee-status-working = trabalhando
employee-status-paused = pausado
stop-usage = Qual tarefa? Envie /stop seguido do código dela em /status, ex.: /stop 3f2a91c0.
stop-finished = Essa tarefa já terminou.
stop-forbidden = Seu papel nesta conta permite ver tarefas, mas não pará-las. Peça a um proprietário ou administrador.
stop-stopping = Parando a tarefa { $ref }: o cavaleiro para antes do próximo passo.
stop-cancelled = Parei a tarefa { $ref }: ela ainda não tinha começado.
stop-already-stopping = A tarefa { $ref } já está parando: o cavaleiro para antes do próximo passo.
dashboard-link = Aqui está o link do seu painel. Funciona uma vez e expira em 10 minutos.
dashboard-open = Abrir o painel

## Hiring from the catalogue
cmd-hire = contratar um funcionário do catálogo
hire-catalogue = Estes são os funcionários que você pode contratar. Toque em um para ver o que ele faz — ou envie /hire seguido do que você precisa, por ex. /hire atualize o horário no nosso site.
hire-who = Quem deve fazer isso? Toque em uma função — você aprova antes de qualquer coisa começar.
hire-none = No momento não há funções que você possa contratar.
hire-gone = Essa função não é mais oferecida. Envie /hire para ver as atuais.
hire-needs-plan = A função { $role } vem com o plano { $plan }. Envie /billing para fazer upgrade.
hire-pick-when = Indicado para: { $when }
hire-budget = Orçamento por tarefa: até { $budget }
hire-price = Preço da função: { $price } por tarefa, além do uso
hire-how = Toque em uma primeira tarefa abaixo, ou envie /hire seguido do que a função { $role } deve fazer.

## Billing
billing-plan = <b>Plano { $plan }</b>
billing-plan-price = <b>Plano { $plan }</b> · { $price } por mês
billing-this-month = Este mês:
billing-messages = • Mensagens: { $used } de { $included } incluídas
billing-ai = • IA: { $used } de { $included } incluídos
billing-vm = • Tempo de computador: { $used } de { $included } minutos incluídos
billing-total = • Uso total: { $used } do seu orçamento mensal de { $budget }
billing-credits = Saldo de créditos: { $credits }
billing-manage = Gerenciar assinatura
billing-upgrade-pro = Mudar para o Pro
billing-upgrade-team = Mudar para o Team
billing-upgrade-to = Mudar para o { $plan }:
billing-subscribe = Assinar
billing-alert-80 = Atenção: { $customer } já usou { $spent } do orçamento mensal de { $budget } (80%). Os cavaleiros param quando ele acabar. Veja o uso, mude de plano ou peça um orçamento maior com /billing.
billing-alert-100 = { $customer } usou todo o orçamento mensal de { $budget }. Os cavaleiros ficam pausados até { $renews }, quando o orçamento recomeça. Para continuar agora, mude de plano ou peça um orçamento maior com /billing.

## Approvals
approval-approve = ✅ Aprovar
approval-deny = ✖️ Recusar
approval-invalid = Este botão não é válido.
approval-gone = Este pedido não existe mais.
approval-expired = Este pedido expirou. Peça de novo se ainda quiser.
approval-already = Já { $status ->
        [approved] aprovado
        [denied] recusado
       *[other] expirado
    }.
approval-role = Seu papel não pode aprovar isto. Peça a um proprietário ou administrador.
approval-approved-toast = Aprovado
approval-denied-toast = Recusado
approval-approved-by = ✅ Aprovado por { $name }
approval-denied-by = ✖️ Recusado por { $name }
approval-someone = você
approval-denied-reply = Tudo bem, não vou fazer isso. Mais alguma coisa?
approval-start-failed = Você aprovou, mas não consegui começar o trabalho agora. Registrei o problema: peça de novo daqui a um minuto.
approval-refused = Você aprovou, mas não consegui fazer: { $reason }

## Approval cards
role-web-developer = Desenvolvedor web
role-social-media-manager = Gerente de redes sociais
role-researcher = Pesquisador
role-ops-assistant = Assistente de dados e operações
card-deploy-new = 🧾 Um novo funcionário ({ $role }) vai fazer isto para você: { $task }
card-deploy-named = 🧾 { $name }, seu { $role }, vai fazer isto para você: { $task }
card-budget = Pode gastar até { $budget }. Nada começa até você tocar em Aprovar.
card-budget-estimate = Um trabalho assim costuma levar uns { $minutes } min de tempo de computador e custar cerca de { $estimate }; pode gastar até { $budget }. Nada começa até você tocar em Aprovar.
card-role-price = Esta função também custa { $price } por tarefa.
card-schedule = 🔁 Um funcionário ({ $role }) vai fazer isto { $cadence } (horário de { $zone }): { $task }
card-schedule-money = Até { $per_run } por execução, cerca de { $per_month } por mês. Nada roda até você tocar em Aprovar.
card-schedule-edit = 🔁 “{ $task }” vai rodar { $after } em vez de { $before }. Nada muda até você tocar em Aprovar.
card-vault-use = 🔐 Seu { $role } quer entrar em { $label } com seu login salvo ({ $field }). Permitir?
card-vault-use-each = 🔐 Seu { $role } quer digitar seu login salvo de { $label } ({ $field }). Não consigo verificar qual site está aberto, então pergunto toda vez. Permitir?
card-nothing-yet = Nada acontece até você tocar em Aprovar.

## Chat
chat-passed-to-knight = Obrigado! Passei isso para o seu cavaleiro, que continua o trabalho.
chat-edited = Eu respondo a mensagens novas, não a edições: envie de novo se quiser que eu use o texto novo.
chat-media = Obrigado pel{ $kind ->
        [photo] a foto
        [voice] a mensagem de voz
        [audio] o áudio
        [video] o vídeo
        [video_note] a mensagem de vídeo
        [sticker] a figurinha
        [location] a localização
        [contact] o contato
       *[document] o arquivo
    }! Por enquanto só consigo ler texto. Me diga com palavras o que você quer fazer com isso, por exemplo "poste esta foto no Instagram com uma legenda sobre a promoção do fim de semana", e um cavaleiro cuida do resto.
chat-private-only = Eu trabalho em conversas privadas para que sua empresa continue privada: fale comigo diretamente: @{ $bot }
unknown-command = Não conheço esse comando. Envie /help para ver o que sei fazer.
button-expired = Esse botão expirou.


## Incoming files
files-too-big = { $file } tem mais de 20 MB, mais do que o Telegram me deixa baixar. Pode enviar uma versão menor ou um link?
files-failed = Não consegui baixar esse arquivo do Telegram agora. Envie de novo daqui a pouco, por favor.
files-placed = Recebido — coloquei { $file } na área de trabalho de { $name }, em { $path }.
files-kept = Recebido — guardei { $file } e vou colocá-lo na área de trabalho do próximo cavaleiro que trabalhar para você.
files-kept-too-big = Recebido — guardei { $file }. Tem mais de 10 MB, grande demais para a área de trabalho de um cavaleiro, então eles não conseguem abri-lo lá.

## Knights' notices
knight-on-it = { $name } já está cuidando disso. Vou te atualizando por aqui.
knight-started = 🛡️ { $name } começou: { $request }
knight-progress = ⚙️ { $name } — passo { $step }/{ $max }: { $what } · { $cost } até agora
knight-needs-input =
    ❓ { $name } precisa da sua resposta:
    { $question }
knight-done =
    ✅ { $name } terminou:
    { $summary }
knight-failed = ⚠️ { $name } não conseguiu terminar: { $reason }
knight-cancelled = ⏹️ { $name } parou a tarefa como você pediu.
knight-paused-suspended = Sua conta está suspensa, então pausei esta tarefa. Ela continua quando a conta voltar a ficar ativa e você retomá-la.
knight-paused-task-budget = Esta tarefa atingiu o orçamento dela ({ $budget }), então a pausei. Responda para continuar ou pare com /stop.
knight-paused-monthly-budget = Você atingiu seu orçamento mensal ({ $budget }), então pausei esta tarefa em vez de gastar mais. Aumente o orçamento ou espere o próximo mês e responda para continuar.

## Knights' final states and receipts
knight-state-done = ✅ { $name } — concluído em { $elapsed } · { $cost }
knight-state-failed = ⚠️ { $name } — não conseguiu terminar ({ $elapsed } · { $cost })
knight-state-stopped = ⏹️ { $name } — parado depois de { $elapsed } · { $cost }
knight-state-waiting = ⏸️ { $name } — esperando por você ({ $elapsed } até agora · { $cost })
knight-next-done = Próximo passo: confira o resultado; responda aqui se algo precisar mudar ou peça o próximo trabalho.
knight-next-failed = Próximo passo: responda com o que faltou (um link, um login, um objetivo mais claro) e eu tento de novo, ou abra a página da tarefa para ver cada passo.
knight-next-stopped = Nada mais será gasto nesta tarefa. Peça de novo quando quiser.
knight-help-captcha = um CAPTCHA
knight-help-login = um login
knight-help-two-factor = um código de verificação em duas etapas
knight-help-one-time-code = um código de uso único
knight-help-choice = uma escolha que só você pode fazer
knight-needs-help =
    🙋 { $name } precisa da sua ajuda ({ $reason }):
    { $message }

    Toque no botão para assumir a área de trabalho e depois devolva. Ou responda aqui (um código, uma escolha) que eu repasso.
knight-desktop-paused = 💤 A área de trabalho de { $name } ficou parada tempo demais esperando por você, então eu a desliguei (nada se perde e não é cobrada enquanto está parada). Toque no botão ou responda quando quiser e ela liga de novo.
knight-delivered = 📎 { $name } entregou: { $title }
knight-delivered-too-big = { $file } tem { $size } MB, grande demais para o Telegram: baixe pelo seu painel (entre primeiro; o link funciona para sua equipe por 7 dias).
knight-download = ⬇️ Baixar { $file }
knight-steps-limit = Chegou ao limite de { $max } passos antes de terminar.
receipt-title = 🧾 Recibo
receipt-files = Entregue: { $files }
receipt-no-files = Entregue: nenhum arquivo
receipt-time = Tempo: { $elapsed } · { $steps ->
        [one] 1 passo
       *[other] { $steps } passos
    }
receipt-cost = Custo: { $cost } de { $budget } aprovados ({ $minutes } min de tempo de computador · { $tokens } tokens do modelo)
receipt-cost-unbudgeted = Custo: { $cost } ({ $minutes } min de tempo de computador · { $tokens } tokens do modelo)
receipt-role = Função: { $role }, { $price } por tarefa
receipt-page = Página da tarefa: { $url }
elapsed-seconds = { $s } s
elapsed-minutes = { $m } min { $s } s
elapsed-hours = { $h } h { $m } min

## Task steps in plain words
step-click = Clicou na tela
step-double-click = Deu um clique duplo na tela
step-right-click = Clicou com o botão direito na tela
step-move = Moveu o ponteiro
step-drag = Arrastou na tela
step-type = Digitou “{ $text }”
step-key = Apertou { $key }
step-scroll = { $direction ->
        [up] Rolou para cima
        [left] Rolou para a esquerda
        [right] Rolou para a direita
       *[down] Rolou para baixo
    }
step-wait = Esperou { $seconds } s
step-look = Olhou a tela
step-zoom = Olhou de perto uma parte da tela
step-secret = Digitou seu login salvo de { $login }
step-deliver = Entregou o arquivo { $file }
step-finish = Terminou e relatou
step-ask = Fez uma pergunta a você
step-help = Pediu sua ajuda
step-customer = { $name } assumiu o controle
step-answer = Recebeu sua resposta
step-handback = O controle foi devolvido
step-other = Trabalhou na tela

## Result files and replays
knight-result-file-table = A tabela de resultados
knight-result-file-full = O resultado completo
knight-result-file-description = Longo demais para uma mensagem: aqui está completo.
replay-caption-succeeded = 🎞️ Replay: como { $name } trabalhou em "{ $request }" ({ $frames } quadros; { $name } terminou).
replay-caption-failed = 🎞️ Replay: como { $name } trabalhou em "{ $request }" ({ $frames } quadros; { $name } parou por um problema).
replay-caption-cancelled = 🎞️ Replay: como { $name } trabalhou em "{ $request }" ({ $frames } quadros; { $name } foi interrompido).

## One-time codes relayed from the chat
knight-needs-code =
    🔢 { $name } precisa de um código de uso único: { $message }
    Quando o código chegar por SMS ou e-mail, é só responder aqui com ele. Vou apagar sua mensagem na hora e digitar o código na área de trabalho de { $name } — ninguém o lê, nem mesmo a IA.
code-relayed = 🔢 Recebido. Apaguei sua mensagem e repassei o código; ele é digitado na área de trabalho do seu funcionário sem que ninguém o leia.
code-relayed-not-deleted = 🔢 Repassei o código, mas não consegui apagar sua mensagem do chat — apague-a você mesmo, por favor.

## Admin
admin-stats =
    <b>Plataforma</b>
    Clientes: { $customers } ({ $suspended } suspensos) · revendedores: { $resellers } · usuários: { $users }
    Tarefas ativas: { $tasks } · VMs rodando: { $vms }
    Uso neste mês: { $usage }
admin-no-customers = Ainda não há clientes.
admin-status-usage = Uso: /{ $command } <id do cliente ou os 8 primeiros caracteres>
admin-no-match = Nenhum cliente corresponde a { $ref }.
admin-ambiguous = { $ref } corresponde a { $count } clientes; use mais caracteres.
admin-now-suspended = { $customer } agora está suspenso.
admin-now-active = { $customer } agora está ativo.
admin-status-failed = Não foi possível alterar { $customer }: { $reason }.
admin-credit-usage = Uso: /admin_credit <cliente> <valor em dólares, ex.: 25 ou -10.50>
admin-credited = { $amount } creditados para { $customer }.
admin-debited = { $amount } de crédito retirados de { $customer }.
admin-broadcast-usage = Uso: /admin_broadcast <texto para todos os usuários>
admin-broadcast-queued = Transmissão na fila para { $count } conversas; sai dentro dos limites do Telegram.
admin-no-tasks = Nenhuma tarefa em andamento.
admin-kill-usage = Uso: /admin_kill <id da tarefa ou os 8 primeiros caracteres>
admin-killing = Parando { $count ->
        [one] 1 tarefa
       *[other] { $count } tarefas
    } que correspondem a { $ref }.
admin-kill-none = Nenhuma tarefa em andamento corresponde a { $ref }.

## Suspension
account-suspended-notice =
    ⛔ A conta Mouse de { $customer } foi suspensa: { $reason }
    Seus funcionários ficam em pausa até ela voltar a ficar ativa. Para resolver, veja seu plano e seus pagamentos com /billing (continua disponível para você) ou fale com seu parceiro Mouse ou com o suporte.
account-reactivated-notice = ✅ A conta Mouse de { $customer } está ativa de novo. Você pode pedir trabalho como antes; uma tarefa em pausa continua quando você responder a ela.
billing-suspended = ⛔ Esta conta está suspensa: { $reason }
    Para resolver, regularize seu plano abaixo ou fale com seu parceiro Mouse ou com o suporte.
admin-suspend-usage = Uso: /admin_suspend <id do cliente ou os 8 primeiros caracteres> <motivo, que o cliente vai ler>

## Sign-up spikes
admin-signup-spike = ⚠️ Pico de cadastros: { $addresses } endereços diferentes se cadastraram em /onboard nos últimos { $minutes } minutos. O formulário agora pede a cada navegador uma breve prova de trabalho; os detalhes estão no registro de auditoria.

## Billing events
billing-payment-failed = Seu pagamento de { $amount } não foi aprovado. O Stripe vai tentar de novo em alguns dias; atualize seu cartão com /billing para manter seu plano.
billing-plan-ended = Seu plano pago terminou; agora você está no plano Grátis. Escolha um plano de novo quando quiser com /billing.
billing-plan-now = Agora você está no plano { $plan }: { $messages } mensagens, { $ai } de IA e { $minutes } min de tempo de computador por mês, { $knights } cavaleiros ao mesmo tempo.

## King Mouse
brain-limit-messages = Você usou todas as { $messages } mensagens incluídas no plano { $plan } este mês, então não consigo responder até { $date }. { $hint }
brain-limit-ai = Você usou os { $ai } de IA incluídos no plano { $plan } este mês, então pausei até { $date }. { $hint }
brain-limit-budget = Você atingiu seu limite de gastos mensal de { $budget }, então pausei até { $date }. Um proprietário pode aumentar o limite no painel. { $hint }
brain-upgrade-hint = Envie /billing para ver os planos e fazer upgrade.
brain-empty = Me mande uma mensagem e eu cuido disso.
brain-unavailable = Desculpe, meus modelos de IA não estão respondendo agora. Guardei sua mensagem e respondo quando você tocar em Tentar de novo ou enviá-la outra vez daqui a um minuto.
brain-max-rounds = Isso precisou de mais passos do que consigo dar por mensagem. Diga em que parte devo focar e eu continuo.
brain-ai-budget = Parei aí porque a cota de IA deste mês acabou de esgotar.
brain-done = Feito.

## Tarefas recorrentes
schedules-none = Você ainda não tem tarefas recorrentes. Diga o que fazer e quando, por exemplo "toda manhã às 8, poste a oferta do dia no Instagram".
schedules-header = Suas tarefas recorrentes ({ $count }), horários em { $zone }. Mude o fuso com /timezone.
schedules-next-run = próxima execução { $when }
schedules-next-run-soon = próxima execução em breve
schedules-paused-failures = pausada após três execuções com falha
schedules-paused-state = pausada
schedules-awaiting-approval = aguardando sua aprovação
schedules-pause = ⏸ Pausar
schedules-resume = ▶️ Retomar
schedules-run-now = ⚡ Executar agora
schedules-delete = 🗑 Excluir
schedules-paused = Pausada. Ela não roda até você retomá-la.
schedules-resumed = Retomada. Próxima execução { $when }.
schedules-deleted = Excluída. Ela não vai rodar de novo.
schedules-skipped = Certo, pulei esta execução. O agendamento continua como está.
schedules-started = Começou: aviso aqui quando terminar.
schedules-over-budget = Não dá para começar: esta execução passaria do seu limite de gastos mensal. Veja /billing para aumentá-lo.
schedules-suspended = Sua conta está suspensa, então nada pode rodar agora.
schedules-not-started = Não foi possível começar agora. Tente de novo daqui a um minuto.
timezone-is =
    Seu fuso horário é { $zone }. Os agendamentos rodam nesse horário local.
    Para mudar, envie /timezone seguido do nome de um fuso, por exemplo /timezone { $example }
timezone-set = Fuso horário definido como { $zone }.{ $moved ->
        [0] {""}
        [one] {" "}1 tarefa recorrente agora roda no horário de { $zone }.
       *[other] {" "}{ $moved } tarefas recorrentes agora rodam no horário de { $zone }.
    }

## Schedule cadences in words
cadence-daily = todo dia às { $at }
cadence-weekdays = todo dia útil às { $at }
cadence-weekly = toda { $days } às { $at }
cadence-monthly = todo mês no dia { $day } às { $at }
cadence-monthly-late = todo mês no dia { $day } (ou no último dia do mês) às { $at }
cadence-hourly = a cada hora, no minuto { $minute }
cadence-every-hours = a cada { $count } horas
cadence-every-minutes = { $count ->
        [one] a cada minuto
       *[other] a cada { $count } minutos
    }
cadence-cron = conforme o horário “{ $expression }”

## Recurring tasks, notices
schedules-notice-over-budget = ⏸️ Sua tarefa agendada “{ $request }” não rodou: ela pode custar até { $run }, e { $spent } do seu limite mensal de { $cap } já foram usados. Aumente o limite para ela rodar, ou pule esta vez.
schedules-notice-paused = ⚠️ “{ $request }” falhou três vezes seguidas, então eu a pausei. Retomar ou excluir?
schedules-raise-cap = Aumentar o limite
schedules-skip-run = Pular esta vez

## Pasted logins, what was noticed
login-what-service = uma senha do { $service }
login-what-plain = uma senha
login-what-and-totp = { $what } e uma chave de verificação em duas etapas
login-what-account = { $what } de { $account }

## Senhas coladas no chat
login-caught = 🔐 Isso parecia { $what }, então apaguei sua mensagem na hora: senhas não devem ficar num chat, e eu não guardei nem li.
login-offer = Quer que eu guarde nos seus acessos? Assim seus funcionários podem entrar com ele sem nunca vê-lo.
login-no-offer = Para que seus funcionários usem um acesso, adicione-o no painel, em Acessos (envie /dashboard para receber um link). Se colar outro, inclua o site e o usuário.
login-not-deleted = Não consegui apagar essa mensagem do chat — apague você mesmo, por favor. Eu não guardei nem li.
login-save = 🔐 Salvar nos meus acessos
login-form = 🔐 Adicionar um login num formulário
login-discard = Esquecer
login-saved = Salvo como “{ $label }”. Seus funcionários podem usá-lo sem vê-lo; no painel, em Acessos, você escolhe quem pode usar.
login-discarded = Esquecido. Nada foi guardado.
login-not-customer = Só pessoas de uma conta Mouse podem guardar acessos.
`;
