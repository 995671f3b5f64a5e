/**
 * Spanish: Mouse's fixed texts in Fluent syntax (https://projectfluent.org).
 * A TypeScript module rather than a .ftl file so that Node, Vitest and the
 * Cloudflare Worker bundle all carry it without reading files at run time.
 */
export const source = `# Textos fijos de Mouse, español. Cada clave existe en todos los idiomas
# (lo comprueba \`i18n/catalogue.test.ts\`).

## Errors and limits
error-sorry = Lo siento, algo falló de mi lado. Inténtalo de nuevo en un momento.
error-too-fast = Me escribes más rápido de lo que puedo leer: dame unos segundos. 🐭

## Onboarding
join-help = Para usar Mouse necesitas una invitación: escanea el código QR que te dio tu socio de Mouse, o registra tu negocio en nuestra página de alta y escanea el código que te muestra.
start-welcome-back = ¡Hola de nuevo! Trabajas con King Mouse para { $customer }. ¿Qué puedo hacer por ti?
start-stranger = ¡Hola! Soy King Mouse 🐭, un asistente de IA que contrata trabajadores de IA para pequeños negocios.
onboarding-q1 =
    ¡Bienvenido a Mouse! 🐭 Soy King Mouse. Vamos a configurarte con tres preguntas rápidas.

    1/3 ¿Cómo se llama tu negocio?
onboarding-name-hint = Envía el nombre como texto (hasta 200 caracteres).
onboarding-q2 = ¡Encantado de conocer a { $name }! 2/3 ¿En qué necesitas ayuda? (p. ej., «mantener mi web al día y publicar en Instagram»)
onboarding-needs-hint = Descríbelo en un mensaje de texto (hasta 4000 caracteres).
onboarding-or-cancel = { $hint } O envía /cancel para parar.
onboarding-plan-free = Gratis: { $messages } mensajes
onboarding-plan-paid = { $plan }: { $price } al mes
onboarding-q3 = 3/3 Elige un plan (puedes cambiarlo cuando quieras con /billing):
onboarding-tap-plan = Toca uno de los botones de plan de arriba, o envía /cancel para parar.
onboarding-done-free =
    ¡Todo listo en el plan Gratis, { $name }! 🎉

    Dime lo que necesitas con tus palabras y contrataré a un caballero, un trabajador de IA con su propio ordenador, para hacerlo. Todo lo que cueste dinero lo apruebas con un toque.
onboarding-done-paid = Buena elección. Completa aquí la suscripción { $plan }; tu plan cambia en cuanto se confirme el pago. Mientras tanto ya puedes empezar con el plan Gratis.
onboarding-time-zone = Entenderé horas como "cada mañana a las 8" en la hora de { $zone }, según el idioma de tu Telegram. Si no es correcto, envía /timezone seguido de tu zona, p. ej. /timezone America/Mexico_City.
onboarding-subscribe-button = Suscribirme a { $plan }
onboarding-welcome-aboard = ¡Bienvenido a bordo, { $name }! 🎉 Dime lo que necesitas o usa una acción rápida:
invite-unknown = Ese enlace de invitación no es válido. Comprueba que escaneaste el código QR completo.
invite-expired = Esa invitación ha caducado. Pide un código QR nuevo a quien te la dio: solo le llevará un momento.
invite-used = Esa invitación ya la usó otra persona. Cada código QR funciona una sola vez; pide uno nuevo para ti.
invite-already-member = Ya te uniste a { $customer } con esta invitación: solo dime lo que necesitas.
invite-this-business = este negocio

## Team invites
invite-joined-team =
    👋 ¡Bienvenido a { $customer } en Mouse! Te uniste al equipo como { $role ->
        [owner] propietario: puedes pedir trabajo, aprobarlo y gestionar el equipo y la facturación.
        [admin] administrador: puedes pedir trabajo, aprobarlo y gestionar el equipo y la facturación.
        [viewer] observador: puedes seguir el trabajo y ver lo que espera aprobación.
       *[member] miembro: puedes pedirle trabajo a King Mouse y aprobarlo.
    }
    { $role ->
        [viewer] Envía /status para ver qué está pasando.
       *[other] Dime con tus palabras qué necesitas, o toca un botón de abajo.
    }

## Quick actions
qa-employees = 👷 Mis empleados
qa-status = 📋 Estado de tareas
qa-billing = 💳 Facturación
qa-dashboard = 🖥 Panel
qa-help = ❓ Ayuda

## Help and the command menu
help-text =
    <b>King Mouse</b> 🐭 contrata trabajadores de IA (caballeros) con su propio ordenador para hacer el trabajo informático de tu negocio.

    Solo dime lo que necesitas, p. ej. <i>«actualiza el horario de apertura en mi web»</i>. Todo lo que cueste dinero espera a que toques <b>Aprobar</b>.

    /employees — tus caballeros
    /status [tarea] — qué están haciendo
    /stop &lt;tarea&gt; — detener una tarea
    /dashboard — un enlace para ver a los caballeros en directo
    /billing — plan, consumo y saldo
    /language — elegir mi idioma
    /cancel — salir de la pregunta actual
    /help — este mensaje
help-admin-title = <b>Administración de la plataforma</b>
cmd-help = lo que puedo hacer
cmd-employees = tus caballeros
cmd-status = qué hacen tus caballeros
cmd-stop = detener una tarea
cmd-schedules = tus tareas periódicas
cmd-timezone = la zona horaria de tus tareas programadas
cmd-dashboard = enlace para ver a los caballeros en directo
cmd-billing = plan, consumo y saldo
cmd-language = elegir mi idioma
cmd-cancel = salir de la pregunta actual
cmd-admin_stats = totales de la plataforma
cmd-admin_customers = lista de clientes
cmd-admin_suspend = <cliente> suspender un cliente
cmd-admin_resume = <cliente> reactivar un cliente
cmd-admin_credit = <cliente> <importe> abonar dólares
cmd-admin_broadcast = <texto> escribir a todos los usuarios
cmd-admin_tasks = tareas en curso
cmd-admin_kill = <tarea> detener una tarea ya

## Language
language-choose = ¿En qué idioma quieres que te hable?
language-set = Hecho: a partir de ahora te hablaré en español.

## Customer commands
customer-unknown = Todavía no te conozco. Escanea el código QR que te dio tu socio de Mouse (o regístrate en nuestra página de alta) para empezar.
customer-suspended = La cuenta de Mouse de { $customer } está suspendida, así que ahora no puedo aceptar encargos. Contacta con tu socio de Mouse o con soporte para reactivarla.
cancel-done = Vale, cancelado. ¿Qué te gustaría hacer en su lugar?
cancel-nothing = Ahora mismo no hay nada que cancelar.
employees-none = Aún no tienes caballeros. Dime qué necesitas y te propondré uno para contratar.
employees-title = Tus caballeros:
employees-line = • <b>{ $name }</b> — { $role }, { $status }{ $active ->
        [0] {""}
        [one] {" "}(1 tarea activa)
       *[other] {" "}({ $active } tareas activas)
    }
status-bad-ref = Dame el código de la tarea tal como aparece en /status, p. ej. /status 3f2a91c0.
status-not-found = No encuentro ninguna tarea { $ref } en tu cuenta.
status-none = Aún no hay tareas: dime qué necesitas.
status-detail = { $status }{ $employee } · { $steps ->
        [one] 1 paso
       *[other] { $steps } pasos
    } · { $cost }
status-question = Pregunta: { $text }
status-result = Resultado: { $text }
status-problem = Problema: { $text }
task-status-awaiting_approval = esperando aprobación
task-status-queued = en cola
task-status-running = en curso
task-status-waiting_for_input = esperando tu respuesta
task-status-succeeded = completada
task-status-failed = fallida
task-status-cancelled = cancelada
employee-status-idle = libre
employee-status-working = trabajando
employee-status-paused = en pausa
stop-usage = ¿Qué tarea? Envía /stop seguido de su código de /status, p. ej. /stop 3f2a91c0.
stop-finished = Esa tarea ya terminó.
stop-forbidden = Tu rol en esta cuenta permite ver tareas pero no detenerlas. Pídeselo a un propietario o administrador.
stop-stopping = Deteniendo la tarea { $ref }: el caballero para antes de su siguiente paso.
stop-cancelled = Detuve la tarea { $ref }: todavía no había empezado.
stop-already-stopping = La tarea { $ref } ya se está deteniendo: el caballero se detiene antes de su siguiente paso.
dashboard-link = Aquí tienes el enlace a tu panel. Funciona una vez y caduca en 10 minutos.
dashboard-open = Abrir el panel

## Hiring from the catalogue
cmd-hire = contratar un empleado del catálogo
hire-catalogue = Estos son los empleados que puedes contratar. Toca uno para ver qué hace, o envía /hire seguido de lo que necesitas, p. ej. /hire actualiza el horario en nuestra web.
hire-who = ¿Quién debería hacerlo? Toca un rol: aprobarás antes de que empiece nada.
hire-none = Ahora mismo no hay roles que puedas contratar.
hire-gone = Ese rol ya no se ofrece. Envía /hire para ver los actuales.
hire-needs-plan = El rol { $role } viene con el plan { $plan }. Envía /billing para mejorar tu plan.
hire-pick-when = Ideal para: { $when }
hire-budget = Presupuesto por tarea: hasta { $budget }
hire-price = Precio del rol: { $price } por tarea, además del uso
hire-how = Toca una primera tarea abajo, o envía /hire seguido de lo que debe hacer el rol { $role }.

## Billing
billing-plan = <b>Plan { $plan }</b>
billing-plan-price = <b>Plan { $plan }</b> · { $price } al mes
billing-this-month = Este mes:
billing-messages = • Mensajes: { $used } de { $included } incluidos
billing-ai = • IA: { $used } de { $included } incluidos
billing-vm = • Tiempo de ordenador: { $used } de { $included } minutos incluidos
billing-total = • Consumo total: { $used } de tu presupuesto mensual de { $budget }
billing-credits = Saldo a favor: { $credits }
billing-manage = Gestionar suscripción
billing-upgrade-pro = Pasar a Pro
billing-upgrade-team = Pasar a Team
billing-upgrade-to = Pasar a { $plan }:
billing-subscribe = Suscribirme
billing-alert-80 = Aviso: { $customer } ha usado { $spent } de su presupuesto mensual de { $budget } (80 %). Los caballeros se detienen cuando se agota. Consulta el consumo, cambia de plan o pide un presupuesto mayor con /billing.
billing-alert-100 = { $customer } ha agotado su presupuesto mensual de { $budget }. Los caballeros quedan en pausa hasta el { $renews }, cuando el presupuesto empieza de nuevo. Para seguir trabajando ya, mejora tu plan o pide un presupuesto mayor con /billing.

## Approvals
approval-approve = ✅ Aprobar
approval-deny = ✖️ Rechazar
approval-invalid = Este botón no es válido.
approval-gone = Esta solicitud ya no existe.
approval-expired = Esta solicitud caducó. Vuelve a pedírmelo si aún lo quieres.
approval-already = Ya { $status ->
        [approved] aprobada
        [denied] rechazada
       *[other] caducada
    }.
approval-role = Tu rol no puede aprobar esto. Pídeselo a un propietario o administrador.
approval-approved-toast = Aprobado
approval-denied-toast = Rechazado
approval-approved-by = ✅ Aprobado por { $name }
approval-denied-by = ✖️ Rechazado por { $name }
approval-someone = ti
approval-denied-reply = De acuerdo, no lo haré. ¿Algo más?
approval-start-failed = Lo aprobaste, pero ahora mismo no pude empezar el trabajo. He registrado el problema: vuelve a pedírmelo en un minuto.
approval-refused = Lo aprobaste, pero no pude hacerlo: { $reason }

## Approval cards
role-web-developer = Desarrollador web
role-social-media-manager = Gestor de redes sociales
role-researcher = Investigador
role-ops-assistant = Asistente de datos y operaciones
card-deploy-new = 🧾 Un nuevo empleado ({ $role }) hará esto por ti: { $task }
card-deploy-named = 🧾 { $name }, tu { $role }, hará esto por ti: { $task }
card-budget = Puede gastar hasta { $budget }. No empieza nada hasta que toques Aprobar.
card-budget-estimate = Un trabajo así suele llevar unos { $minutes } min de tiempo de ordenador y cuesta unos { $estimate }; puede gastar hasta { $budget }. No empieza nada hasta que toques Aprobar.
card-role-price = Este puesto cuesta además { $price } por tarea.
card-schedule = 🔁 Un empleado ({ $role }) hará esto { $cadence } (hora de { $zone }): { $task }
card-schedule-money = Hasta { $per_run } por ejecución, unos { $per_month } al mes. No se ejecuta nada hasta que toques Aprobar.
card-schedule-edit = 🔁 “{ $task }” se hará { $after } en lugar de { $before }. No cambia nada hasta que toques Aprobar.
card-vault-use = 🔐 Tu { $role } quiere iniciar sesión en { $label } con tu acceso guardado ({ $field }). ¿Lo permites?
card-vault-use-each = 🔐 Tu { $role } quiere escribir tu acceso guardado de { $label } ({ $field }). No puedo comprobar qué sitio está abierto, así que pregunto cada vez. ¿Lo permites?
card-nothing-yet = No pasa nada hasta que toques Aprobar.

## Chat
chat-passed-to-knight = Gracias: se lo he pasado a tu caballero, que sigue con la tarea.
chat-edited = Actúo sobre mensajes nuevos, no sobre ediciones: envíalo otra vez si quieres que use el texto nuevo.
chat-media = ¡Gracias por { $kind ->
        [photo] la foto
        [voice] el mensaje de voz
        [audio] el audio
        [video] el vídeo
        [video_note] el videomensaje
        [sticker] el sticker
        [location] la ubicación
        [contact] el contacto
       *[document] el archivo
    }! Por ahora solo leo texto. Dime con palabras qué quieres hacer con ello, por ejemplo «publica esta foto en Instagram con un texto sobre la oferta del fin de semana», y un caballero se encargará.
chat-private-only = Trabajo en chats privados para que tu negocio siga siendo privado: escríbeme directamente: @{ $bot }
unknown-command = No conozco ese comando. Envía /help para ver lo que puedo hacer.
button-expired = Ese botón ha caducado.


## Incoming files
files-too-big = { $file } pesa más de 20 MB, más de lo que Telegram me deja descargar. ¿Puedes enviar una versión más pequeña o un enlace?
files-failed = No he podido descargar ese archivo de Telegram ahora mismo. Envíalo de nuevo en un momento, por favor.
files-placed = Recibido: he puesto { $file } en el escritorio de { $name }, en { $path }.
files-kept = Recibido: he guardado { $file } y lo pondré en el escritorio del próximo caballero que trabaje para ti.
files-kept-too-big = Recibido: he guardado { $file }. Pesa más de 10 MB, demasiado para el escritorio de un caballero, así que no podrán abrirlo allí.

## Knights' notices
knight-on-it = { $name } ya se ocupa. Te iré contando por aquí.
knight-started = 🛡️ { $name } ha empezado: { $request }
knight-progress = ⚙️ { $name } — paso { $step }/{ $max }: { $what } · { $cost } hasta ahora
knight-needs-input =
    ❓ { $name } necesita tu respuesta:
    { $question }
knight-done =
    ✅ { $name } ha terminado:
    { $summary }
knight-failed = ⚠️ { $name } no pudo terminar: { $reason }
knight-cancelled = ⏹️ { $name } detuvo la tarea como pediste.
knight-paused-suspended = Tu cuenta está suspendida, así que he pausado esta tarea. Continuará cuando la cuenta vuelva a estar activa y la reanudes.
knight-paused-task-budget = Esta tarea alcanzó su presupuesto ({ $budget }), así que la he pausado. Responde para continuar o detenla con /stop.
knight-paused-monthly-budget = Has alcanzado tu presupuesto mensual ({ $budget }), así que he pausado esta tarea en lugar de gastar más. Sube el presupuesto o espera al mes que viene y responde para continuar.

## Knights' final states and receipts
knight-state-done = ✅ { $name } — terminado en { $elapsed } · { $cost }
knight-state-failed = ⚠️ { $name } — no pudo terminar ({ $elapsed } · { $cost })
knight-state-stopped = ⏹️ { $name } — detenido tras { $elapsed } · { $cost }
knight-state-waiting = ⏸️ { $name } — esperándote ({ $elapsed } hasta ahora · { $cost })
knight-next-done = Siguiente paso: revisa el resultado; responde aquí si hay que cambiar algo o pide el próximo trabajo.
knight-next-failed = Siguiente paso: responde con lo que faltaba (un enlace, un acceso, un objetivo más claro) y lo intento de nuevo, o abre la página de la tarea para ver cada paso.
knight-next-stopped = Ya no se gasta nada más en esta tarea. Pídemela de nuevo cuando quieras.
knight-help-captcha = un CAPTCHA
knight-help-login = un inicio de sesión
knight-help-two-factor = un código de verificación en dos pasos
knight-help-one-time-code = un código de un solo uso
knight-help-choice = una decisión que solo tú puedes tomar
knight-needs-help =
    🙋 { $name } necesita tu ayuda ({ $reason }):
    { $message }

    Toca el botón para tomar el control del escritorio y luego devuélvelo. O responde aquí (un código, una elección) y se lo paso.
knight-desktop-paused = 💤 El escritorio de { $name } llevaba demasiado tiempo inactivo esperándote, así que lo he detenido (no se pierde nada y no se cobra mientras está parado). Toca el botón o responde cuando quieras y vuelve a arrancar.
knight-delivered = 📎 { $name } ha entregado: { $title }
knight-delivered-too-big = { $file } ocupa { $size } MB, demasiado para Telegram: descárgalo desde tu panel (inicia sesión primero; el enlace funciona para tu equipo durante 7 días).
knight-download = ⬇️ Descargar { $file }
knight-steps-limit = Llegó a su límite de { $max } pasos antes de terminar.
receipt-title = 🧾 Recibo
receipt-files = Entregado: { $files }
receipt-no-files = Entregado: ningún archivo
receipt-time = Tiempo: { $elapsed } · { $steps ->
        [one] 1 paso
       *[other] { $steps } pasos
    }
receipt-cost = Coste: { $cost } de { $budget } aprobados ({ $minutes } min de tiempo de ordenador · { $tokens } tokens del modelo)
receipt-cost-unbudgeted = Coste: { $cost } ({ $minutes } min de tiempo de ordenador · { $tokens } tokens del modelo)
receipt-role = Puesto: { $role }, { $price } por tarea
receipt-page = Página de la tarea: { $url }
elapsed-seconds = { $s } s
elapsed-minutes = { $m } min { $s } s
elapsed-hours = { $h } h { $m } min

## Task steps in plain words
step-click = Hizo clic en la pantalla
step-double-click = Hizo doble clic en la pantalla
step-right-click = Hizo clic derecho en la pantalla
step-move = Movió el puntero
step-drag = Arrastró en la pantalla
step-type = Escribió “{ $text }”
step-key = Pulsó { $key }
step-scroll = { $direction ->
        [up] Se desplazó hacia arriba
        [left] Se desplazó a la izquierda
        [right] Se desplazó a la derecha
       *[down] Se desplazó hacia abajo
    }
step-wait = Esperó { $seconds } s
step-look = Miró la pantalla
step-zoom = Miró de cerca una parte de la pantalla
step-secret = Escribió tu acceso guardado de { $login }
step-deliver = Entregó el archivo { $file }
step-finish = Terminó e informó
step-ask = Te hizo una pregunta
step-help = Pidió tu ayuda
step-customer = { $name } tomó el control
step-answer = Recibió tu respuesta
step-handback = Se devolvió el control
step-other = Trabajó en la pantalla

## Result files and replays
knight-result-file-table = La tabla de resultados
knight-result-file-full = El resultado completo
knight-result-file-description = Demasiado largo para un mensaje: aquí está completo.
replay-caption-succeeded = 🎞️ Repetición: cómo trabajó { $name } en «{ $request }» ({ $frames } fotogramas; { $name } terminó).
replay-caption-failed = 🎞️ Repetición: cómo trabajó { $name } en «{ $request }» ({ $frames } fotogramas; { $name } se detuvo por un problema).
replay-caption-cancelled = 🎞️ Repetición: cómo trabajó { $name } en «{ $request }» ({ $frames } fotogramas; { $name } fue detenido).

## One-time codes relayed from the chat
knight-needs-code =
    🔢 { $name } necesita un código de un solo uso: { $message }
    Cuando te llegue el código por SMS o correo, respóndeme aquí con él. Borraré tu mensaje al instante y escribiré el código en el escritorio de { $name }: nadie lo lee, ni siquiera la IA.
code-relayed = 🔢 Recibido. Borré tu mensaje y pasé el código; se escribe en el escritorio de tu empleado sin que nadie lo lea.
code-relayed-not-deleted = 🔢 Pasé el código, pero no pude borrar tu mensaje del chat: bórralo tú, por favor.

## Admin
admin-stats =
    <b>Plataforma</b>
    Clientes: { $customers } ({ $suspended } suspendidos) · revendedores: { $resellers } · usuarios: { $users }
    Tareas activas: { $tasks } · VM en marcha: { $vms }
    Consumo este mes: { $usage }
admin-no-customers = Aún no hay clientes.
admin-status-usage = Uso: /{ $command } <id del cliente o sus 8 primeros caracteres>
admin-no-match = Ningún cliente coincide con { $ref }.
admin-ambiguous = { $ref } coincide con { $count } clientes; usa más caracteres.
admin-now-suspended = { $customer } está suspendido.
admin-now-active = { $customer } está activo.
admin-status-failed = No se pudo cambiar { $customer }: { $reason }.
admin-credit-usage = Uso: /admin_credit <cliente> <importe en dólares, p. ej. 25 o -10.50>
admin-credited = Abonados { $amount } a { $customer }.
admin-debited = Retirados { $amount } de crédito a { $customer }.
admin-broadcast-usage = Uso: /admin_broadcast <texto para todos los usuarios>
admin-broadcast-queued = Difusión en cola para { $count } chats; sale respetando los límites de Telegram.
admin-no-tasks = No hay tareas en curso.
admin-kill-usage = Uso: /admin_kill <id de la tarea o sus 8 primeros caracteres>
admin-killing = Deteniendo { $count ->
        [one] 1 tarea
       *[other] { $count } tareas
    } que coinciden con { $ref }.
admin-kill-none = Ninguna tarea en curso coincide con { $ref }.

## Suspension
account-suspended-notice =
    ⛔ La cuenta de Mouse de { $customer } ha sido suspendida: { $reason }
    Tus empleados quedan en pausa hasta que vuelva a estar activa. Para resolverlo, revisa tu plan y tus pagos con /billing (sigue disponible para ti) o contacta con tu socio de Mouse o con soporte.
account-reactivated-notice = ✅ La cuenta de Mouse de { $customer } vuelve a estar activa. Puedes pedir trabajo como antes; una tarea en pausa continúa cuando le respondas.
billing-suspended = ⛔ Esta cuenta está suspendida: { $reason }
    Para resolverlo, regulariza tu plan aquí abajo o contacta con tu socio de Mouse o con soporte.
admin-suspend-usage = Uso: /admin_suspend <id del cliente o sus 8 primeros caracteres> <motivo, que el cliente leerá>

## Sign-up spikes
admin-signup-spike = ⚠️ Pico de registros: { $addresses } direcciones distintas se registraron en /onboard en los últimos { $minutes } minutos. El formulario ahora pide a cada navegador una breve prueba de trabajo; los detalles están en el registro de auditoría.

## Billing events
billing-payment-failed = Tu pago de { $amount } no se ha completado. Stripe lo volverá a intentar en unos días; actualiza tu tarjeta con /billing para mantener tu plan.
billing-plan-ended = Tu plan de pago ha terminado; ahora estás en el plan Gratis. Elige un plan de nuevo cuando quieras con /billing.
billing-plan-now = Ahora estás en el plan { $plan }: { $messages } mensajes, { $ai } de IA y { $minutes } min de tiempo de ordenador al mes, { $knights } caballeros a la vez.

## King Mouse
brain-limit-messages = Has usado los { $messages } mensajes incluidos en el plan { $plan } este mes, así que no puedo responder hasta el { $date }. { $hint }
brain-limit-ai = Has usado los { $ai } de IA incluidos en el plan { $plan } este mes, así que he parado hasta el { $date }. { $hint }
brain-limit-budget = Has alcanzado tu límite de gasto mensual de { $budget }, así que he parado hasta el { $date }. Un propietario puede subir el límite en el panel. { $hint }
brain-upgrade-hint = Envía /billing para ver los planes y mejorar el tuyo.
brain-empty = Envíame un mensaje y me pongo con ello.
brain-unavailable = Lo siento, mis modelos de IA no responden ahora mismo. He guardado tu mensaje y lo responderé cuando toques Reintentar o lo envíes otra vez en un minuto.
brain-max-rounds = Eso necesitaba más pasos de los que puedo dar por mensaje. Dime en qué parte me centro y sigo.
brain-ai-budget = Me detuve ahí porque se acaba de agotar la asignación de IA de este mes.
brain-done = Hecho.

## Tareas periódicas
schedules-none = Aún no tienes tareas periódicas. Dime qué hacer y cuándo, p. ej. "cada mañana a las 8, publica la oferta del día en Instagram".
schedules-header = Tus tareas periódicas ({ $count }), horas en { $zone }. Cambia la zona con /timezone.
schedules-next-run = próxima ejecución { $when }
schedules-next-run-soon = próxima ejecución en breve
schedules-paused-failures = en pausa tras tres ejecuciones fallidas
schedules-paused-state = en pausa
schedules-awaiting-approval = esperando tu aprobación
schedules-pause = ⏸ Pausar
schedules-resume = ▶️ Reanudar
schedules-run-now = ⚡ Ejecutar ahora
schedules-delete = 🗑 Eliminar
schedules-paused = En pausa. No se ejecutará hasta que la reanudes.
schedules-resumed = Reanudada. Próxima ejecución { $when }.
schedules-deleted = Eliminada. No volverá a ejecutarse.
schedules-skipped = De acuerdo, me salto esta ejecución. La programación sigue igual.
schedules-started = Empezada: te aviso aquí cuando termine.
schedules-over-budget = No puede empezar: esta ejecución superaría tu límite de gasto mensual. Consulta /billing para subirlo.
schedules-suspended = Tu cuenta está suspendida, así que ahora no se puede ejecutar nada.
schedules-not-started = No pudo empezar ahora mismo. Inténtalo de nuevo en un minuto.
timezone-is =
    Tu zona horaria es { $zone }. Las tareas programadas se ejecutan en esta hora local.
    Para cambiarla, envía /timezone seguido del nombre de una zona, p. ej. /timezone { $example }
timezone-set = Zona horaria cambiada a { $zone }.{ $moved ->
        [0] {""}
        [one] {" "}1 tarea periódica se ejecuta ahora en la hora de { $zone }.
       *[other] {" "}{ $moved } tareas periódicas se ejecutan ahora en la hora de { $zone }.
    }

## Schedule cadences in words
cadence-daily = todos los días a las { $at }
cadence-weekdays = cada día laborable a las { $at }
cadence-weekly = cada { $days } a las { $at }
cadence-monthly = cada mes el día { $day } a las { $at }
cadence-monthly-late = cada mes el día { $day } (o el último día del mes) a las { $at }
cadence-hourly = cada hora, en el minuto { $minute }
cadence-every-hours = cada { $count } horas
cadence-every-minutes = { $count ->
        [one] cada minuto
       *[other] cada { $count } minutos
    }
cadence-cron = según el horario “{ $expression }”

## Recurring tasks, notices
schedules-notice-over-budget = ⏸️ Tu tarea programada “{ $request }” no se ejecutó: puede costar hasta { $run } y ya has usado { $spent } de tu límite mensual de { $cap }. Sube el límite para que se ejecute, o sáltate esta vez.
schedules-notice-paused = ⚠️ “{ $request }” falló tres veces seguidas, así que la he pausado. ¿La reanudo o la elimino?
schedules-raise-cap = Subir el límite
schedules-skip-run = Saltar esta vez

## Pasted logins, what was noticed
login-what-service = una contraseña de { $service }
login-what-plain = una contraseña
login-what-and-totp = { $what } y una clave de verificación en dos pasos
login-what-account = { $what } de { $account }

## Contraseñas pegadas en el chat
login-caught = 🔐 Eso parecía { $what }, así que borré tu mensaje de inmediato: las contraseñas no deben ir en un chat, y no lo guardé ni lo leí.
login-offer = ¿Lo guardo en tus accesos? Así tus empleados podrán iniciar sesión con él sin verlo nunca.
login-no-offer = Para que tus empleados usen un acceso, añádelo en tu panel, en Accesos (envía /dashboard para recibir un enlace). Si vuelves a pegar uno, incluye el sitio y el usuario.
login-not-deleted = No pude borrar ese mensaje del chat; bórralo tú, por favor. No lo guardé ni lo leí.
login-save = 🔐 Guardar en mis accesos
login-form = 🔐 Añadir un acceso con un formulario
login-discard = Olvídalo
login-saved = Guardado como “{ $label }”. Tus empleados pueden usarlo sin verlo; en el panel, en Accesos, puedes cambiar quién puede usarlo.
login-discarded = Olvidado. No se guardó nada.
login-not-customer = Solo las personas de una cuenta de Mouse pueden guardar accesos.
`;
