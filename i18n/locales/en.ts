/**
 * English (the fallback): Mouse's fixed texts in Fluent syntax (https://projectfluent.org).
 * A TypeScript module rather than a .ftl file so that Node, Vitest and the
 * Cloudflare Worker bundle all carry it without reading files at run time.
 */
export const source = `# Mouse's fixed texts, English (the fallback). Every key here exists in every
# locale file; \`i18n/catalogue.test.ts\` checks that, and that each key is used.
# Variables are plain values; HTML texts (help, lists) get escaped values.

## Errors and limits
error-sorry = Sorry — something went wrong on my side. Please try again in a moment.
error-too-fast = You're sending messages faster than I can read them — give me a few seconds. 🐭

## Onboarding
join-help = To use Mouse you need an invitation: scan the QR code your Mouse partner gave you, or sign your business up at our onboarding page and scan the code it shows.
start-welcome-back = Welcome back! You're working with King Mouse for { $customer }. What can I do for you?
start-stranger = Hi! I'm King Mouse 🐭, an AI assistant that hires AI workers for small businesses.
onboarding-q1 =
    Welcome to Mouse! 🐭 I'm King Mouse. Let's set you up — three quick questions.

    1/3 What's your business called?
onboarding-name-hint = Please send the name as text (up to 200 characters).
onboarding-q2 = Nice to meet { $name }! 2/3 What do you need help with? (e.g. "keep my website up to date and post on Instagram")
onboarding-needs-hint = Please describe it in a text message (up to 4000 characters).
onboarding-or-cancel = { $hint } Or send /cancel to stop.
onboarding-plan-free = Free — { $messages } messages
onboarding-plan-paid = { $plan } — { $price }/month
onboarding-q3 = 3/3 Pick a plan (you can change it any time with /billing):
onboarding-tap-plan = Tap one of the plan buttons above, or send /cancel to stop.
onboarding-done-free =
    You're all set on the Free plan, { $name }! 🎉

    Tell me what you need in plain words and I'll hire a knight — an AI worker with its own computer — to do it. You approve anything that costs money with one tap.
onboarding-done-paid = Great choice. Finish the { $plan } subscription here; your plan switches as soon as the payment goes through. Meanwhile you can already start on the Free plan.
onboarding-time-zone = I'll read times like "every morning at 8" as { $zone } time, going by your Telegram language. If that's wrong, send /timezone followed by your zone, e.g. /timezone America/New_York.
onboarding-subscribe-button = Subscribe to { $plan }
onboarding-welcome-aboard = Welcome aboard, { $name }! 🎉 Tell me what you need, or use a quick action:
invite-unknown = That invitation link isn't valid. Check that you scanned the whole QR code.
invite-expired = That invitation has expired. Ask whoever gave it to you for a fresh QR code — it only takes them a moment.
invite-used = That invitation has already been used by someone else. Each QR code works once; ask for a new one for yourself.
invite-already-member = You've already joined { $customer } with this invitation — just tell me what you need.
invite-this-business = this business

## Team invites
invite-joined-team =
    👋 Welcome to { $customer } on Mouse! You joined the team as { $role ->
        [owner] an owner: you can ask for work, approve it, and manage the team and billing.
        [admin] an admin: you can ask for work, approve it, and manage the team and billing.
        [viewer] a viewer: you can follow the work and see what is waiting for approval.
       *[member] a member: you can ask King Mouse for work and approve it.
    }
    { $role ->
        [viewer] Send /status to see what is going on.
       *[other] Tell me what you need done in plain words, or tap a button below.
    }

## Quick actions
qa-employees = 👷 My employees
qa-status = 📋 Task status
qa-billing = 💳 Billing
qa-dashboard = 🖥 Dashboard
qa-help = ❓ Help

## Help and the command menu
help-text =
    <b>King Mouse</b> 🐭 hires AI workers (knights) with their own computers to do your business's computer work.

    Just tell me what you need, e.g. <i>"update the opening hours on my website"</i>. Anything that costs money waits for your tap on <b>Approve</b>.

    /employees — your knights
    /status [task] — what they are doing
    /stop &lt;task&gt; — stop a task
    /dashboard — a login link to watch knights live
    /billing — plan, usage and balance
    /language — choose my language
    /cancel — leave the current question
    /help — this message
help-admin-title = <b>Platform admin</b>
cmd-help = what I can do
cmd-employees = your knights
cmd-status = what your knights are doing
cmd-stop = stop a task
cmd-schedules = your recurring tasks
cmd-timezone = the time zone your schedules use
cmd-dashboard = login link to watch knights live
cmd-billing = plan, usage and balance
cmd-language = choose my language
cmd-cancel = leave the current question
cmd-admin_stats = platform totals
cmd-admin_customers = list customers
cmd-admin_suspend = <customer> suspend a customer
cmd-admin_resume = <customer> resume a customer
cmd-admin_credit = <customer> <amount> credit dollars
cmd-admin_broadcast = <text> message every user
cmd-admin_tasks = running tasks
cmd-admin_kill = <task> stop a task now

## Language
language-choose = Which language should I use with you?
language-set = Done — I'll speak English with you from now on.

## Customer commands
customer-unknown = I don't know you yet. Scan the QR code your Mouse partner gave you (or sign up on our onboarding page) to get started.
customer-suspended = The Mouse account of { $customer } is suspended, so I can't take requests right now. Please contact your Mouse partner or support to restore it.
cancel-done = Okay, cancelled. What would you like to do instead?
cancel-nothing = There's nothing to cancel right now.
employees-none = You have no knights yet. Tell me what you need done and I'll suggest one to hire.
employees-title = Your knights:
employees-line = • <b>{ $name }</b> — { $role }, { $status }{ $active ->
        [0] {""}
        [one] {" "}(1 active task)
       *[other] {" "}({ $active } active tasks)
    }
status-bad-ref = Give me the task's code as shown in /status, e.g. /status 3f2a91c0.
status-not-found = I can't find a task { $ref } in your account.
status-none = No tasks yet — tell me what you need done.
status-detail = { $status }{ $employee } · { $steps ->
        [one] 1 step
       *[other] { $steps } steps
    } · { $cost }
status-question = Question: { $text }
status-result = Result: { $text }
status-problem = Problem: { $text }
task-status-awaiting_approval = awaiting approval
task-status-queued = queued
task-status-running = running
task-status-waiting_for_input = waiting for your input
task-status-succeeded = succeeded
task-status-failed = failed
task-status-cancelled = cancelled
employee-status-idle = idle
employee-status-working = working
employee-status-paused = paused
stop-usage = Which task? Send /stop followed by its code from /status, e.g. /stop 3f2a91c0.
stop-finished = That task has already finished.
stop-forbidden = Your role in this account can view tasks but not stop them. Ask an owner or admin.
stop-stopping = Stopping task { $ref } — the knight stops before its next step.
stop-cancelled = Stopped task { $ref }: it hadn't started working yet.
stop-already-stopping = Task { $ref } is already stopping — the knight stops before its next step.
dashboard-link = Here's your dashboard link. It works once and expires in 10 minutes.
dashboard-open = Open dashboard

## Hiring from the catalogue
cmd-hire = hire an employee from the catalogue
hire-catalogue = Here are the employees you can hire. Tap one to see what it does — or send /hire followed by what you need, e.g. /hire update the opening hours on our website.
hire-who = Who should do this? Tap a role — you'll approve before anything starts.
hire-none = There are no roles you can hire right now.
hire-gone = That role is no longer offered. Send /hire to see the current ones.
hire-needs-plan = The { $role } comes with the { $plan } plan. Send /billing to upgrade.
hire-pick-when = Good for: { $when }
hire-budget = Budget per task: up to { $budget }
hire-price = Role price: { $price } per task, on top of usage
hire-how = Tap a first task below, or send /hire followed by what the { $role } should do.

## Billing
billing-plan = <b>{ $plan } plan</b>
billing-plan-price = <b>{ $plan } plan</b> · { $price }/month
billing-this-month = This month:
billing-messages = • Messages: { $used } of { $included } included
billing-ai = • AI: { $used } of { $included } included
billing-vm = • Computer time: { $used } of { $included } minutes included
billing-total = • Total usage: { $used } of your { $budget } monthly budget
billing-credits = Credit balance: { $credits }
billing-manage = Manage subscription
billing-upgrade-pro = Upgrade to Pro
billing-upgrade-team = Upgrade to Team
billing-upgrade-to = Upgrade to { $plan }:
billing-subscribe = Subscribe
billing-alert-80 = Heads up: { $customer } has used { $spent } of its { $budget } monthly budget (80%). Knights stop when it is used up. See usage, upgrade or ask for a higher budget with /billing.
billing-alert-100 = { $customer } has used its whole monthly budget of { $budget }. Knights are paused until { $renews }, when the budget starts again. To keep working now, upgrade your plan or ask for a higher budget with /billing.

## Approvals
approval-approve = ✅ Approve
approval-deny = ✖️ Deny
approval-invalid = This button isn't valid.
approval-gone = This request no longer exists.
approval-expired = This request expired. Ask me again if you still want it.
approval-already = Already { $status ->
        [approved] approved
        [denied] denied
       *[other] expired
    }.
approval-role = Your role can't approve this. Ask an owner or admin.
approval-approved-toast = Approved
approval-denied-toast = Denied
approval-approved-by = ✅ Approved by { $name }
approval-denied-by = ✖️ Denied by { $name }
approval-someone = you
approval-denied-reply = Okay, I won't do that. Anything else?
approval-start-failed = You approved it, but I couldn't start the work just now. I've logged the problem — please ask me again in a minute.
approval-refused = You approved it, but I couldn't do it: { $reason }

## Approval cards
role-web-developer = Web Developer
role-social-media-manager = Social Media Manager
role-researcher = Researcher
role-ops-assistant = Data Entry / Ops Assistant
card-deploy-new = 🧾 A new { $role } will do this for you: { $task }
card-deploy-named = 🧾 { $name }, your { $role }, will do this for you: { $task }
card-budget = It may spend up to { $budget }. Nothing starts until you tap Approve.
card-budget-estimate = Work like this usually takes about { $minutes } min of computer time and costs about { $estimate }; it may spend up to { $budget }. Nothing starts until you tap Approve.
card-role-price = This role also costs { $price } per task.
card-schedule = 🔁 A { $role } will do this { $cadence } ({ $zone } time): { $task }
card-schedule-money = Up to { $per_run } per run, about { $per_month } a month. Nothing runs until you tap Approve.
card-schedule-edit = 🔁 “{ $task }” will run { $after } instead of { $before }. Nothing changes until you tap Approve.
card-vault-use = 🔐 Your { $role } wants to sign in to { $label } with your saved login ({ $field }). Allow it?
card-vault-use-each = 🔐 Your { $role } wants to type your saved login for { $label } ({ $field }). I can't check which site is open, so I ask each time. Allow it?
card-nothing-yet = Nothing happens until you tap Approve.

## Chat
chat-passed-to-knight = Thanks — I've passed that to your knight, who's carrying on.
chat-edited = I act on new messages, not edits — send it again if you'd like me to use the new wording.
chat-media = Thanks for { $kind ->
        [photo] a photo
        [voice] a voice message
        [audio] an audio file
        [video] a video
        [video_note] a video message
        [sticker] a sticker
        [location] a location
        [contact] a contact
       *[document] a file
    }! I can only read text for now. Tell me in words what you'd like done with it — for example "post this photo on Instagram with a caption about our weekend special" — and a knight can take it from there.
chat-private-only = I work in private chats so your business stays private — message me directly: @{ $bot }
unknown-command = I don't know that command. Send /help to see what I can do.
button-expired = That button has expired.


## Incoming files
files-too-big = { $file } is over 20 MB, more than Telegram lets me download. Could you send a smaller version, or a link to it?
files-failed = I couldn't fetch that file from Telegram just now. Please send it again in a moment.
files-placed = Got it — I put { $file } on { $name }'s desktop at { $path }.
files-kept = Got it — I've kept { $file } for you and will put it on the desktop of the next knight that works for you.
files-kept-too-big = Got it — I've kept { $file } for you. It is over 10 MB, too big for a knight's desktop, so the knights can't open it there.

## Knights' notices
knight-on-it = { $name } is on it. I'll keep you posted here.
knight-started = 🛡️ { $name } started: { $request }
knight-progress = ⚙️ { $name } — step { $step }/{ $max }: { $what } · { $cost } so far
knight-needs-input =
    ❓ { $name } needs your input:
    { $question }
knight-done =
    ✅ { $name } finished:
    { $summary }
knight-failed = ⚠️ { $name } could not finish: { $reason }
knight-cancelled = ⏹️ { $name } stopped the task as you asked.
knight-paused-suspended = Your account is suspended, so I have paused this task. It will continue once the account is active again and you resume it.
knight-paused-task-budget = This task reached its budget ({ $budget }), so I paused it. Reply to continue, or stop it with /stop.
knight-paused-monthly-budget = You have reached your monthly budget ({ $budget }), so I paused this task instead of spending more. Raise the budget or wait for next month, then reply to continue.

## Knights' final states and receipts
knight-state-done = ✅ { $name } — done in { $elapsed } · { $cost }
knight-state-failed = ⚠️ { $name } — could not finish ({ $elapsed } · { $cost })
knight-state-stopped = ⏹️ { $name } — stopped after { $elapsed } · { $cost }
knight-state-waiting = ⏸️ { $name } — waiting for you ({ $elapsed } so far · { $cost })
knight-next-done = Next: check the result; reply here if anything should change, or ask for the next job.
knight-next-failed = Next: reply with what was missing (a link, a login, a clearer goal) and I'll try again, or open the task page to see each step.
knight-next-stopped = Nothing more is spent on this task. Ask me again whenever you want it done.
knight-help-captcha = a CAPTCHA
knight-help-login = a login
knight-help-two-factor = a two-factor code
knight-help-one-time-code = a one-time code
knight-help-choice = a choice only you can make
knight-needs-help =
    🙋 { $name } needs your help ({ $reason }):
    { $message }

    Tap the button to take over the desktop, then hand it back. Or just reply here (a code, a choice) and I'll pass it on.
knight-desktop-paused = 💤 { $name }'s desktop was idle too long while waiting for you, so I stopped it (nothing is lost, and it is not billed while stopped). Tap the button or reply when you're ready and it starts again.
knight-delivered = 📎 { $name } delivered: { $title }
knight-delivered-too-big = { $file } is { $size } MB, too big for Telegram: download it from your dashboard (sign in first; the link works for your team for 7 days).
knight-download = ⬇️ Download { $file }
knight-steps-limit = It reached its limit of { $max } steps before finishing.
receipt-title = 🧾 Receipt
receipt-files = Delivered: { $files }
receipt-no-files = Delivered: no files
receipt-time = Time: { $elapsed } · { $steps ->
        [one] 1 step
       *[other] { $steps } steps
    }
receipt-cost = Cost: { $cost } of { $budget } approved ({ $minutes } min of computer time · { $tokens } model tokens)
receipt-cost-unbudgeted = Cost: { $cost } ({ $minutes } min of computer time · { $tokens } model tokens)
receipt-role = Role: { $role }, { $price } per task
receipt-page = Task page: { $url }
elapsed-seconds = { $s } s
elapsed-minutes = { $m } min { $s } s
elapsed-hours = { $h } h { $m } min

## Task steps in plain words
step-click = Clicked on the screen
step-double-click = Double-clicked on the screen
step-right-click = Right-clicked on the screen
step-move = Moved the pointer
step-drag = Dragged on the screen
step-type = Typed “{ $text }”
step-key = Pressed { $key }
step-scroll = { $direction ->
        [up] Scrolled up
        [left] Scrolled left
        [right] Scrolled right
       *[down] Scrolled down
    }
step-wait = Waited { $seconds } s
step-look = Looked at the screen
step-zoom = Looked closely at part of the screen
step-secret = Typed your saved login for { $login }
step-deliver = Handed over the file { $file }
step-finish = Finished and reported back
step-ask = Asked you a question
step-help = Asked for your help
step-customer = { $name } stepped in at the controls
step-answer = Got your answer
step-handback = The controls were handed back
step-other = Worked on the screen

## Result files and replays
knight-result-file-table = The table of findings
knight-result-file-full = The full result
knight-result-file-description = Too long for one message: here it is in full.
replay-caption-succeeded = 🎞️ Replay: how { $name } worked on "{ $request }" ({ $frames } frames; { $name } finished).
replay-caption-failed = 🎞️ Replay: how { $name } worked on "{ $request }" ({ $frames } frames; { $name } stopped with a problem).
replay-caption-cancelled = 🎞️ Replay: how { $name } worked on "{ $request }" ({ $frames } frames; { $name } was stopped).

## One-time codes relayed from the chat
knight-needs-code =
    🔢 { $name } needs a one-time code: { $message }
    When the code arrives by SMS or e-mail, just reply here with it. I'll delete your message at once and type the code on { $name }'s desktop — nobody reads it, not even the AI.
code-relayed = 🔢 Got it. I deleted your message and passed the code on; it is typed on your employee's desktop without anyone reading it.
code-relayed-not-deleted = 🔢 I passed the code on, but I couldn't delete your message from the chat — please delete it yourself.

## Admin
admin-stats =
    <b>Platform</b>
    Customers: { $customers } ({ $suspended } suspended) · resellers: { $resellers } · users: { $users }
    Active tasks: { $tasks } · VMs running: { $vms }
    Usage this month: { $usage }
admin-no-customers = No customers yet.
admin-status-usage = Usage: /{ $command } <customer id or its first 8 characters>
admin-no-match = No customer matches { $ref }.
admin-ambiguous = { $ref } matches { $count } customers; use more characters.
admin-now-suspended = { $customer } is now suspended.
admin-now-active = { $customer } is now active.
admin-status-failed = Could not change { $customer }: { $reason }.
admin-credit-usage = Usage: /admin_credit <customer> <amount in dollars, e.g. 25 or -10.50>
admin-credited = Credited { $amount } to { $customer }.
admin-debited = Took back { $amount } of credit from { $customer }.
admin-broadcast-usage = Usage: /admin_broadcast <text to send to every user>
admin-broadcast-queued = Broadcast queued for { $count } chats; it goes out within Telegram's limits.
admin-no-tasks = No running tasks.
admin-kill-usage = Usage: /admin_kill <task id or its first 8 characters>
admin-killing = Stopping { $count ->
        [one] 1 task
       *[other] { $count } tasks
    } matching { $ref }.
admin-kill-none = No running task matches { $ref }.

## Suspension
account-suspended-notice =
    ⛔ The Mouse account of { $customer } has been suspended: { $reason }
    Your employees are paused until it is active again. To resolve it, see your plan and payments with /billing (it stays open to you), or contact your Mouse partner or support.
account-reactivated-notice = ✅ The Mouse account of { $customer } is active again. You can ask for work as before; a paused task continues when you reply to it.
billing-suspended = ⛔ This account is suspended: { $reason }
    To resolve it, settle your plan below or contact your Mouse partner or support.
admin-suspend-usage = Usage: /admin_suspend <customer id or its first 8 characters> <reason, which the customer will read>

## Sign-up spikes
admin-signup-spike = ⚠️ Sign-up spike: { $addresses } different addresses signed up on /onboard in the last { $minutes } minutes. The form now asks each browser for a short proof of work; the audit log has the details.

## Billing events
billing-payment-failed = Your payment of { $amount } did not go through. Stripe will try again in a few days; update your card with /billing to keep your plan.
billing-plan-ended = Your paid plan has ended; you are on the Free plan now. Pick a plan again any time with /billing.
billing-plan-now = You are on the { $plan } plan now: { $messages } messages, { $ai } of AI and { $minutes } min of computer time a month, { $knights } knights at once.

## King Mouse
brain-limit-messages = You've used all { $messages } messages included in the { $plan } plan this month, so I can't reply until { $date }. { $hint }
brain-limit-ai = You've used the { $ai } of AI included in the { $plan } plan this month, so I've paused until { $date }. { $hint }
brain-limit-budget = You've reached your monthly spending limit of { $budget }, so I've paused until { $date }. An owner can raise the limit in the dashboard. { $hint }
brain-upgrade-hint = Send /billing to see plans and upgrade.
brain-empty = Send me a message and I'll get on it.
brain-unavailable = Sorry, my AI models aren't answering right now. I've saved your message and will answer it when you tap Retry or send it again in a minute.
brain-max-rounds = That took more steps than I can take for one message. Tell me which part to focus on and I'll continue.
brain-ai-budget = I stopped there because this month's AI allowance just ran out.
brain-done = Done.

## Recurring tasks
schedules-none = You have no recurring tasks yet. Tell me what to do and when, e.g. "every morning at 8, post today's special on Instagram".
schedules-header = Your recurring tasks ({ $count }), times in { $zone }. Change the zone with /timezone.
schedules-next-run = next run { $when }
schedules-next-run-soon = next run soon
schedules-paused-failures = paused after three failed runs
schedules-paused-state = paused
schedules-awaiting-approval = waiting for your approval
schedules-pause = ⏸ Pause
schedules-resume = ▶️ Resume
schedules-run-now = ⚡ Run now
schedules-delete = 🗑 Delete
schedules-paused = Paused. It won't run until you resume it.
schedules-resumed = Resumed. Next run { $when }.
schedules-deleted = Deleted. It won't run again.
schedules-skipped = Okay, skipped this run. The schedule stays as it is.
schedules-started = Started: I'll report back here when it's done.
schedules-over-budget = It can't start: this run would pass your monthly spend cap. See /billing to raise it.
schedules-suspended = Your workspace is suspended, so nothing can run right now.
schedules-not-started = It couldn't start just now. Please try again in a minute.
timezone-is =
    Your time zone is { $zone }. Schedules run at these local times.
    To change it, send /timezone followed by a zone name, e.g. /timezone { $example }
timezone-set = Time zone set to { $zone }.{ $moved ->
        [0] {""}
        [one] {" "}1 recurring task now runs on { $zone } time.
       *[other] {" "}{ $moved } recurring tasks now run on { $zone } time.
    }

## Schedule cadences in words
cadence-daily = every day at { $at }
cadence-weekdays = every weekday at { $at }
cadence-weekly = every { $days } at { $at }
cadence-monthly = every month on day { $day } at { $at }
cadence-monthly-late = every month on day { $day } (or the month's last day) at { $at }
cadence-hourly = every hour at :{ $minute }
cadence-every-hours = every { $count } hours
cadence-every-minutes = { $count ->
        [one] every minute
       *[other] every { $count } minutes
    }
cadence-cron = on the timetable “{ $expression }”

## Recurring tasks, notices
schedules-notice-over-budget = ⏸️ Your scheduled task “{ $request }” did not run: it can cost up to { $run }, and { $spent } of your { $cap } monthly cap is already used. Raise the cap to let it run, or skip this one.
schedules-notice-paused = ⚠️ “{ $request }” failed three times in a row, so I paused it. Resume it, or delete it?
schedules-raise-cap = Raise the cap
schedules-skip-run = Skip this run

## Pasted logins, what was noticed
login-what-service = a { $service } password
login-what-plain = a password
login-what-and-totp = { $what } and a two-factor key
login-what-account = { $what } for { $account }

## Logins pasted into the chat
login-caught = 🔐 That looked like { $what }, so I deleted your message straight away: passwords don't belong in a chat, and I never stored or read it.
login-offer = Shall I keep it in your logins? Your employees can then sign in with it without ever seeing it.
login-no-offer = To let your employees use a login, add it on your dashboard under Logins (send /dashboard for a link). Include the site and the username if you paste one again.
login-not-deleted = I couldn't delete that message from the chat — please delete it yourself. I did not store or read it.
login-save = 🔐 Save to my logins
login-form = 🔐 Add a login in a form
login-discard = Forget it
login-saved = Saved as “{ $label }”. Your employees can use it without seeing it; you can change who may use it on the dashboard under Logins.
login-discarded = Forgotten. Nothing was kept.
login-not-customer = Only people on a Mouse account can keep logins.
`;
