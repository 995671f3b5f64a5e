/**
 * Indonesian: Mouse's fixed texts in Fluent syntax (https://projectfluent.org).
 * A TypeScript module rather than a .ftl file so that Node, Vitest and the
 * Cloudflare Worker bundle all carry it without reading files at run time.
 */
export const source = `# Teks tetap Mouse, bahasa Indonesia. Setiap kunci ada di semua bahasa
# (diperiksa oleh \`i18n/catalogue.test.ts\`).

## Errors and limits
error-sorry = Maaf, ada yang salah di pihak saya. Silakan coba lagi sebentar lagi.
error-too-fast = Anda mengirim pesan lebih cepat daripada yang bisa saya baca — beri saya beberapa detik. 🐭

## Onboarding
join-help = Untuk memakai Mouse Anda perlu undangan: pindai kode QR dari mitra Mouse Anda, atau daftarkan bisnis Anda di halaman pendaftaran kami lalu pindai kode yang ditampilkan.
start-welcome-back = Selamat datang kembali! Anda bekerja dengan King Mouse untuk { $customer }. Ada yang bisa saya bantu?
start-stranger = Halo! Saya King Mouse 🐭, asisten AI yang merekrut pekerja AI untuk usaha kecil.
onboarding-q1 =
    Selamat datang di Mouse! 🐭 Saya King Mouse. Mari kita siapkan semuanya — tiga pertanyaan singkat.

    1/3 Apa nama bisnis Anda?
onboarding-name-hint = Kirim namanya sebagai teks (maksimal 200 karakter).
onboarding-q2 = Senang berkenalan dengan { $name }! 2/3 Anda perlu bantuan untuk apa? (mis. "menjaga situs web tetap terbaru dan posting di Instagram")
onboarding-needs-hint = Jelaskan dalam pesan teks (maksimal 4000 karakter).
onboarding-or-cancel = { $hint } Atau kirim /cancel untuk berhenti.
onboarding-plan-free = Gratis: { $messages } pesan
onboarding-plan-paid = { $plan }: { $price } per bulan
onboarding-q3 = 3/3 Pilih paket (bisa diganti kapan saja dengan /billing):
onboarding-tap-plan = Ketuk salah satu tombol paket di atas, atau kirim /cancel untuk berhenti.
onboarding-done-free =
    Semua siap di paket Gratis, { $name }! 🎉

    Ceritakan kebutuhan Anda dengan kata-kata biasa dan saya akan merekrut seorang ksatria — pekerja AI dengan komputernya sendiri — untuk mengerjakannya. Semua yang memakan biaya Anda setujui dengan satu ketukan.
onboarding-done-paid = Pilihan bagus. Selesaikan langganan { $plan } di sini; paket Anda berganti begitu pembayaran berhasil. Sementara itu Anda sudah bisa mulai dengan paket Gratis.
onboarding-time-zone = Saya akan membaca waktu seperti "setiap pagi jam 8" sebagai waktu { $zone }, berdasarkan bahasa Telegram Anda. Jika salah, kirim /timezone diikuti zona Anda, misalnya /timezone Asia/Jakarta.
onboarding-subscribe-button = Berlangganan { $plan }
onboarding-welcome-aboard = Selamat bergabung, { $name }! 🎉 Ceritakan kebutuhan Anda, atau pakai aksi cepat:
invite-unknown = Tautan undangan itu tidak valid. Pastikan Anda memindai seluruh kode QR.
invite-expired = Undangan itu sudah kedaluwarsa. Minta kode QR baru kepada orang yang memberikannya — hanya butuh sebentar.
invite-used = Undangan itu sudah dipakai orang lain. Setiap kode QR hanya berlaku sekali; minta yang baru untuk Anda sendiri.
invite-already-member = Anda sudah bergabung dengan { $customer } lewat undangan ini — cukup sampaikan kebutuhan Anda.
invite-this-business = bisnis ini

## Team invites
invite-joined-team =
    👋 Selamat datang di { $customer } di Mouse! Anda bergabung dengan tim sebagai { $role ->
        [owner] pemilik: Anda bisa meminta pekerjaan, menyetujuinya, serta mengelola tim dan tagihan.
        [admin] admin: Anda bisa meminta pekerjaan, menyetujuinya, serta mengelola tim dan tagihan.
        [viewer] pengamat: Anda bisa mengikuti pekerjaan dan melihat apa yang menunggu persetujuan.
       *[member] anggota: Anda bisa meminta pekerjaan kepada King Mouse dan menyetujuinya.
    }
    { $role ->
        [viewer] Kirim /status untuk melihat apa yang sedang berlangsung.
       *[other] Ceritakan apa yang Anda perlukan dengan kata-kata sendiri, atau ketuk tombol di bawah.
    }

## Quick actions
qa-employees = 👷 Karyawan saya
qa-status = 📋 Status tugas
qa-billing = 💳 Tagihan
qa-dashboard = 🖥 Dasbor
qa-help = ❓ Bantuan

## Help and the command menu
help-text =
    <b>King Mouse</b> 🐭 merekrut pekerja AI (ksatria) dengan komputernya sendiri untuk mengerjakan pekerjaan komputer bisnis Anda.

    Cukup sampaikan kebutuhan Anda, mis. <i>"perbarui jam buka di situs web saya"</i>. Semua yang memakan biaya menunggu Anda mengetuk <b>Setujui</b>.

    /employees — ksatria Anda
    /status [tugas] — apa yang sedang mereka kerjakan
    /stop &lt;tugas&gt; — hentikan tugas
    /dashboard — tautan untuk menonton ksatria secara langsung
    /billing — paket, pemakaian, dan saldo
    /language — pilih bahasa saya
    /cancel — keluar dari pertanyaan saat ini
    /help — pesan ini
help-admin-title = <b>Admin platform</b>
cmd-help = apa yang bisa saya lakukan
cmd-employees = ksatria Anda
cmd-status = apa yang dikerjakan ksatria Anda
cmd-stop = hentikan tugas
cmd-schedules = tugas rutin Anda
cmd-timezone = zona waktu untuk jadwal Anda
cmd-dashboard = tautan untuk menonton ksatria secara langsung
cmd-billing = paket, pemakaian, dan saldo
cmd-language = pilih bahasa saya
cmd-cancel = keluar dari pertanyaan saat ini
cmd-admin_stats = total platform
cmd-admin_customers = daftar pelanggan
cmd-admin_suspend = <pelanggan> tangguhkan pelanggan
cmd-admin_resume = <pelanggan> aktifkan kembali pelanggan
cmd-admin_credit = <pelanggan> <jumlah> beri kredit dolar
cmd-admin_broadcast = <teks> kirim pesan ke semua pengguna
cmd-admin_tasks = tugas yang berjalan
cmd-admin_kill = <tugas> hentikan tugas sekarang

## Language
language-choose = Bahasa apa yang sebaiknya saya pakai dengan Anda?
language-set = Beres — mulai sekarang saya berbicara dalam bahasa Indonesia dengan Anda.

## Customer commands
customer-unknown = Saya belum mengenal Anda. Pindai kode QR dari mitra Mouse Anda (atau daftar di halaman pendaftaran kami) untuk memulai.
customer-suspended = Akun Mouse { $customer } sedang ditangguhkan, jadi saya tidak bisa menerima permintaan sekarang. Hubungi mitra Mouse atau dukungan untuk memulihkannya.
cancel-done = Baik, dibatalkan. Apa yang ingin Anda lakukan sebagai gantinya?
cancel-nothing = Tidak ada yang perlu dibatalkan saat ini.
employees-none = Anda belum punya ksatria. Ceritakan apa yang perlu dikerjakan dan saya akan menyarankan siapa yang direkrut.
employees-title = Ksatria Anda:
employees-line = • <b>{ $name }</b> — { $role }, { $status }{ $active ->
        [0] {""}
       *[other] {" "}({ $active } tugas aktif)
    }
status-bad-ref = Berikan kode tugas seperti yang tampil di /status, mis. /status 3f2a91c0.
status-not-found = Saya tidak menemukan tugas { $ref } di akun Anda.
status-none = Belum ada tugas — ceritakan apa yang perlu dikerjakan.
status-detail = { $status }{ $employee } · { $steps } langkah · { $cost }
status-question = Pertanyaan: { $text }
status-result = Hasil: { $text }
status-problem = Masalah: { $text }
task-status-awaiting_approval = menunggu persetujuan
task-status-queued = dalam antrean
task-status-running = sedang berjalan
task-status-waiting_for_input = menunggu jawaban Anda
task-status-succeeded = berhasil
task-status-failed = gagal
task-status-cancelled = dibatalkan
employee-status-idle = senggang
employee-status-working = bekerja
employee-status-paused = dijeda
stop-usage = Tugas yang mana? Kirim /stop diikuti kodenya dari /status, mis. /stop 3f2a91c0.
stop-finished = Tugas itu sudah selesai.
stop-forbidden = Peran Anda di akun ini bisa melihat tugas tetapi tidak bisa menghentikannya. Minta pemilik atau admin.
stop-stopping = Menghentikan tugas { $ref } — ksatria berhenti sebelum langkah berikutnya.
stop-cancelled = Tugas { $ref } dihentikan: tugas itu belum mulai dikerjakan.
stop-already-stopping = Tugas { $ref } sudah sedang dihentikan — ksatria berhenti sebelum langkah berikutnya.
dashboard-link = Ini tautan dasbor Anda. Hanya berlaku sekali dan kedaluwarsa dalam 10 menit.
dashboard-open = Buka dasbor

## Hiring from the catalogue
cmd-hire = rekrut karyawan dari katalog
hire-catalogue = Berikut karyawan yang bisa Anda rekrut. Ketuk salah satu untuk melihat tugasnya — atau kirim /hire diikuti kebutuhan Anda, mis. /hire perbarui jam buka di situs kami.
hire-who = Siapa yang sebaiknya mengerjakan ini? Ketuk sebuah peran — Anda menyetujui dulu sebelum apa pun dimulai.
hire-none = Saat ini tidak ada peran yang bisa Anda rekrut.
hire-gone = Peran itu sudah tidak ditawarkan. Kirim /hire untuk melihat yang tersedia.
hire-needs-plan = Peran { $role } tersedia di paket { $plan }. Kirim /billing untuk meningkatkan paket.
hire-pick-when = Cocok untuk: { $when }
hire-budget = Anggaran per tugas: hingga { $budget }
hire-price = Harga peran: { $price } per tugas, di luar pemakaian
hire-how = Ketuk tugas pertama di bawah, atau kirim /hire diikuti apa yang harus dikerjakan { $role }.

## Billing
billing-plan = <b>Paket { $plan }</b>
billing-plan-price = <b>Paket { $plan }</b> · { $price } per bulan
billing-this-month = Bulan ini:
billing-messages = • Pesan: { $used } dari { $included } yang termasuk
billing-ai = • AI: { $used } dari { $included } yang termasuk
billing-vm = • Waktu komputer: { $used } dari { $included } menit yang termasuk
billing-total = • Total pemakaian: { $used } dari anggaran bulanan Anda { $budget }
billing-credits = Saldo kredit: { $credits }
billing-manage = Kelola langganan
billing-upgrade-pro = Naik ke Pro
billing-upgrade-team = Naik ke Team
billing-upgrade-to = Naik ke { $plan }:
billing-subscribe = Berlangganan
billing-alert-80 = Perhatian: { $customer } sudah memakai { $spent } dari anggaran bulanannya { $budget } (80%). Ksatria berhenti saat anggaran habis. Lihat pemakaian, ganti paket, atau minta anggaran lebih besar dengan /billing.
billing-alert-100 = { $customer } sudah memakai seluruh anggaran bulanannya sebesar { $budget }. Ksatria dijeda sampai { $renews }, saat anggaran dimulai lagi. Agar bisa bekerja sekarang, naikkan paket atau minta anggaran lebih besar dengan /billing.

## Approvals
approval-approve = ✅ Setujui
approval-deny = ✖️ Tolak
approval-invalid = Tombol ini tidak valid.
approval-gone = Permintaan ini sudah tidak ada.
approval-expired = Permintaan ini sudah kedaluwarsa. Minta lagi kalau masih diperlukan.
approval-already = Sudah { $status ->
        [approved] disetujui
        [denied] ditolak
       *[other] kedaluwarsa
    }.
approval-role = Peran Anda tidak bisa menyetujui ini. Minta pemilik atau admin.
approval-approved-toast = Disetujui
approval-denied-toast = Ditolak
approval-approved-by = ✅ Disetujui oleh { $name }
approval-denied-by = ✖️ Ditolak oleh { $name }
approval-someone = Anda
approval-denied-reply = Baik, tidak akan saya lakukan. Ada lagi?
approval-start-failed = Anda sudah menyetujuinya, tetapi saya belum bisa memulai pekerjaannya sekarang. Masalahnya sudah saya catat — silakan minta lagi sebentar lagi.
approval-refused = Anda sudah menyetujuinya, tetapi saya tidak bisa melakukannya: { $reason }

## Approval cards
role-web-developer = Pengembang Web
role-social-media-manager = Pengelola Media Sosial
role-researcher = Peneliti
role-ops-assistant = Asisten Data & Operasional
card-deploy-new = 🧾 Karyawan baru ({ $role }) akan mengerjakan ini untuk Anda: { $task }
card-deploy-named = 🧾 { $name }, { $role } Anda, akan mengerjakan ini untuk Anda: { $task }
card-budget = Biayanya paling banyak { $budget }. Tidak ada yang dimulai sampai Anda mengetuk Setujui.
card-budget-estimate = Pekerjaan seperti ini biasanya memakai sekitar { $minutes } menit waktu komputer dan biayanya sekitar { $estimate }; paling banyak { $budget }. Tidak ada yang dimulai sampai Anda mengetuk Setujui.
card-role-price = Peran ini juga dikenai { $price } per tugas.
card-schedule = 🔁 Karyawan ({ $role }) akan mengerjakan ini { $cadence } (waktu { $zone }): { $task }
card-schedule-money = Paling banyak { $per_run } per jalan, sekitar { $per_month } per bulan. Tidak ada yang berjalan sampai Anda mengetuk Setujui.
card-schedule-edit = 🔁 “{ $task }” akan berjalan { $after }, bukan { $before }. Tidak ada yang berubah sampai Anda mengetuk Setujui.
card-vault-use = 🔐 { $role } Anda ingin masuk ke { $label } dengan login tersimpan Anda ({ $field }). Izinkan?
card-vault-use-each = 🔐 { $role } Anda ingin mengetik login tersimpan Anda untuk { $label } ({ $field }). Saya tidak bisa memeriksa situs mana yang terbuka, jadi saya bertanya setiap kali. Izinkan?
card-nothing-yet = Tidak ada yang terjadi sampai Anda mengetuk Setujui.

## Chat
chat-passed-to-knight = Terima kasih — sudah saya teruskan ke ksatria Anda, yang melanjutkan pekerjaannya.
chat-edited = Saya menanggapi pesan baru, bukan suntingan — kirim ulang kalau Anda ingin saya memakai kata-kata yang baru.
chat-media = Terima kasih atas { $kind ->
        [photo] fotonya
        [voice] pesan suaranya
        [audio] file audionya
        [video] videonya
        [video_note] pesan videonya
        [sticker] stikernya
        [location] lokasinya
        [contact] kontaknya
       *[document] filenya
    }! Untuk saat ini saya hanya bisa membaca teks. Ceritakan dengan kata-kata apa yang ingin dilakukan — misalnya "posting foto ini di Instagram dengan keterangan tentang promo akhir pekan" — dan ksatria akan mengerjakannya.
chat-private-only = Saya bekerja di obrolan pribadi agar urusan bisnis Anda tetap pribadi — kirim pesan langsung ke saya: @{ $bot }
unknown-command = Saya tidak mengenal perintah itu. Kirim /help untuk melihat apa yang bisa saya lakukan.
button-expired = Tombol itu sudah kedaluwarsa.


## Incoming files
files-too-big = { $file } lebih dari 20 MB, melebihi batas unduhan Telegram untuk saya. Bisa kirim versi yang lebih kecil atau tautannya?
files-failed = Saya belum bisa mengambil file itu dari Telegram. Silakan kirim lagi sebentar lagi.
files-placed = Diterima — saya taruh { $file } di desktop { $name }, di { $path }.
files-kept = Diterima — saya simpan { $file } dan akan menaruhnya di desktop ksatria berikutnya yang bekerja untuk Anda.
files-kept-too-big = Diterima — saya simpan { $file }. Ukurannya lebih dari 10 MB, terlalu besar untuk desktop ksatria, jadi mereka tidak bisa membukanya di sana.

## Knights' notices
knight-on-it = { $name } sedang mengerjakannya. Kabar terbarunya saya sampaikan di sini.
knight-started = 🛡️ { $name } mulai: { $request }
knight-progress = ⚙️ { $name } — langkah { $step }/{ $max }: { $what } · { $cost } sejauh ini
knight-needs-input =
    ❓ { $name } perlu jawaban Anda:
    { $question }
knight-done =
    ✅ { $name } selesai:
    { $summary }
knight-failed = ⚠️ { $name } tidak bisa menyelesaikan: { $reason }
knight-cancelled = ⏹️ { $name } menghentikan tugas sesuai permintaan Anda.
knight-paused-suspended = Akun Anda sedang ditangguhkan, jadi tugas ini saya jeda. Tugas berlanjut setelah akun aktif kembali dan Anda melanjutkannya.
knight-paused-task-budget = Tugas ini mencapai anggarannya ({ $budget }), jadi saya jeda. Balas untuk melanjutkan, atau hentikan dengan /stop.
knight-paused-monthly-budget = Anda sudah mencapai anggaran bulanan ({ $budget }), jadi tugas ini saya jeda agar tidak menghabiskan lebih banyak. Naikkan anggaran atau tunggu bulan depan, lalu balas untuk melanjutkan.

## Knights' final states and receipts
knight-state-done = ✅ { $name } — selesai dalam { $elapsed } · { $cost }
knight-state-failed = ⚠️ { $name } — tidak bisa menyelesaikan ({ $elapsed } · { $cost })
knight-state-stopped = ⏹️ { $name } — dihentikan setelah { $elapsed } · { $cost }
knight-state-waiting = ⏸️ { $name } — menunggu Anda ({ $elapsed } sejauh ini · { $cost })
knight-next-done = Selanjutnya: periksa hasilnya; balas di sini jika ada yang perlu diubah, atau minta pekerjaan berikutnya.
knight-next-failed = Selanjutnya: balas dengan apa yang kurang (tautan, login, tujuan yang lebih jelas) dan saya coba lagi, atau buka halaman tugas untuk melihat setiap langkah.
knight-next-stopped = Tidak ada biaya lagi untuk tugas ini. Minta lagi kapan pun Anda mau.
knight-help-captcha = CAPTCHA
knight-help-login = login
knight-help-two-factor = kode verifikasi dua langkah
knight-help-one-time-code = kode sekali pakai
knight-help-choice = pilihan yang hanya bisa Anda buat
knight-needs-help =
    🙋 { $name } butuh bantuan Anda ({ $reason }):
    { $message }

    Ketuk tombol untuk mengambil alih desktop, lalu kembalikan. Atau balas saja di sini (kode, pilihan) dan saya teruskan.
knight-desktop-paused = 💤 Desktop { $name } terlalu lama menganggur sambil menunggu Anda, jadi saya hentikan (tidak ada yang hilang, dan tidak ditagih selama berhenti). Ketuk tombol atau balas saat Anda siap dan desktop akan menyala lagi.
knight-delivered = 📎 { $name } mengirimkan: { $title }
knight-delivered-too-big = { $file } berukuran { $size } MB, terlalu besar untuk Telegram: unduh dari dasbor Anda (masuk dulu; tautan berlaku untuk tim Anda selama 7 hari).
knight-download = ⬇️ Unduh { $file }
knight-steps-limit = Mencapai batas { $max } langkah sebelum selesai.
receipt-title = 🧾 Struk
receipt-files = Dikirim: { $files }
receipt-no-files = Dikirim: tidak ada file
receipt-time = Waktu: { $elapsed } · { $steps } langkah
receipt-cost = Biaya: { $cost } dari { $budget } yang disetujui ({ $minutes } menit waktu komputer · { $tokens } token model)
receipt-cost-unbudgeted = Biaya: { $cost } ({ $minutes } menit waktu komputer · { $tokens } token model)
receipt-role = Peran: { $role }, { $price } per tugas
receipt-page = Halaman tugas: { $url }
elapsed-seconds = { $s } dtk
elapsed-minutes = { $m } mnt { $s } dtk
elapsed-hours = { $h } jam { $m } mnt

## Task steps in plain words
step-click = Mengklik layar
step-double-click = Mengklik dua kali di layar
step-right-click = Mengklik kanan di layar
step-move = Menggeser penunjuk
step-drag = Menyeret di layar
step-type = Mengetik “{ $text }”
step-key = Menekan { $key }
step-scroll = { $direction ->
        [up] Menggulir ke atas
        [left] Menggulir ke kiri
        [right] Menggulir ke kanan
       *[down] Menggulir ke bawah
    }
step-wait = Menunggu { $seconds } dtk
step-look = Melihat layar
step-zoom = Melihat dari dekat sebagian layar
step-secret = Mengetik login tersimpan Anda untuk { $login }
step-deliver = Menyerahkan file { $file }
step-finish = Selesai dan melapor
step-ask = Mengajukan pertanyaan kepada Anda
step-help = Meminta bantuan Anda
step-customer = { $name } mengambil alih kendali
step-answer = Menerima jawaban Anda
step-handback = Kendali dikembalikan
step-other = Bekerja di layar

## Result files and replays
knight-result-file-table = Tabel temuan
knight-result-file-full = Hasil lengkap
knight-result-file-description = Terlalu panjang untuk satu pesan: ini versi lengkapnya.
replay-caption-succeeded = 🎞️ Rekaman: cara { $name } mengerjakan "{ $request }" ({ $frames } bingkai; { $name } selesai).
replay-caption-failed = 🎞️ Rekaman: cara { $name } mengerjakan "{ $request }" ({ $frames } bingkai; { $name } berhenti karena masalah).
replay-caption-cancelled = 🎞️ Rekaman: cara { $name } mengerjakan "{ $request }" ({ $frames } bingkai; { $name } dihentikan).

## One-time codes relayed from the chat
knight-needs-code =
    🔢 { $name } memerlukan kode sekali pakai: { $message }
    Saat kode tiba lewat SMS atau email, cukup balas di sini dengan kode itu. Pesan Anda akan langsung saya hapus dan kodenya saya ketik di desktop { $name } — tidak ada yang membacanya, bahkan AI pun tidak.
code-relayed = 🔢 Diterima. Pesan Anda sudah saya hapus dan kodenya sudah saya teruskan; kode diketik di desktop karyawan Anda tanpa dibaca siapa pun.
code-relayed-not-deleted = 🔢 Kodenya sudah saya teruskan, tetapi pesan Anda tidak bisa saya hapus dari chat — tolong hapus sendiri.

## Admin
admin-stats =
    <b>Platform</b>
    Pelanggan: { $customers } ({ $suspended } ditangguhkan) · reseller: { $resellers } · pengguna: { $users }
    Tugas aktif: { $tasks } · VM berjalan: { $vms }
    Pemakaian bulan ini: { $usage }
admin-no-customers = Belum ada pelanggan.
admin-status-usage = Cara pakai: /{ $command } <id pelanggan atau 8 karakter pertamanya>
admin-no-match = Tidak ada pelanggan yang cocok dengan { $ref }.
admin-ambiguous = { $ref } cocok dengan { $count } pelanggan; pakai lebih banyak karakter.
admin-now-suspended = { $customer } sekarang ditangguhkan.
admin-now-active = { $customer } sekarang aktif.
admin-status-failed = Tidak bisa mengubah { $customer }: { $reason }.
admin-credit-usage = Cara pakai: /admin_credit <pelanggan> <jumlah dalam dolar, mis. 25 atau -10.50>
admin-credited = Kredit { $amount } diberikan ke { $customer }.
admin-debited = Kredit { $amount } ditarik kembali dari { $customer }.
admin-broadcast-usage = Cara pakai: /admin_broadcast <teks untuk semua pengguna>
admin-broadcast-queued = Siaran masuk antrean untuk { $count } obrolan; dikirim sesuai batas Telegram.
admin-no-tasks = Tidak ada tugas yang berjalan.
admin-kill-usage = Cara pakai: /admin_kill <id tugas atau 8 karakter pertamanya>
admin-killing = Menghentikan { $count } tugas yang cocok dengan { $ref }.
admin-kill-none = Tidak ada tugas berjalan yang cocok dengan { $ref }.

## Suspension
account-suspended-notice =
    ⛔ Akun Mouse { $customer } telah ditangguhkan: { $reason }
    Karyawan Anda dijeda sampai akun aktif kembali. Untuk menyelesaikannya, lihat paket dan pembayaran Anda dengan /billing (tetap bisa Anda buka), atau hubungi mitra Mouse atau dukungan.
account-reactivated-notice = ✅ Akun Mouse { $customer } aktif kembali. Anda bisa meminta pekerjaan seperti biasa; tugas yang dijeda berlanjut saat Anda membalasnya.
billing-suspended = ⛔ Akun ini ditangguhkan: { $reason }
    Untuk menyelesaikannya, lunasi paket Anda di bawah atau hubungi mitra Mouse atau dukungan.
admin-suspend-usage = Cara pakai: /admin_suspend <id pelanggan atau 8 karakter pertamanya> <alasan, yang akan dibaca pelanggan>

## Sign-up spikes
admin-signup-spike = ⚠️ Lonjakan pendaftaran: { $addresses } alamat berbeda mendaftar di /onboard dalam { $minutes } menit terakhir. Formulir kini meminta setiap browser menyelesaikan bukti kerja singkat; detailnya ada di log audit.

## Billing events
billing-payment-failed = Pembayaran Anda sebesar { $amount } tidak berhasil. Stripe akan mencoba lagi dalam beberapa hari; perbarui kartu Anda dengan /billing agar paket tetap aktif.
billing-plan-ended = Paket berbayar Anda sudah berakhir; sekarang Anda di paket Gratis. Pilih paket lagi kapan saja dengan /billing.
billing-plan-now = Sekarang Anda di paket { $plan }: { $messages } pesan, { $ai } untuk AI, dan { $minutes } menit waktu komputer per bulan, { $knights } ksatria sekaligus.

## King Mouse
brain-limit-messages = Anda sudah memakai semua { $messages } pesan yang termasuk dalam paket { $plan } bulan ini, jadi saya tidak bisa membalas sampai { $date }. { $hint }
brain-limit-ai = Anda sudah memakai { $ai } AI yang termasuk dalam paket { $plan } bulan ini, jadi saya berhenti sampai { $date }. { $hint }
brain-limit-budget = Anda sudah mencapai batas pengeluaran bulanan { $budget }, jadi saya berhenti sampai { $date }. Pemilik bisa menaikkan batasnya di dasbor. { $hint }
brain-upgrade-hint = Kirim /billing untuk melihat paket dan meningkatkannya.
brain-empty = Kirimi saya pesan dan akan langsung saya kerjakan.
brain-unavailable = Maaf, model AI saya sedang tidak menjawab. Pesan Anda sudah saya simpan dan akan saya jawab saat Anda mengetuk Coba lagi atau mengirimnya lagi sebentar lagi.
brain-max-rounds = Itu butuh lebih banyak langkah daripada yang bisa saya lakukan untuk satu pesan. Beri tahu bagian mana yang perlu difokuskan dan saya lanjutkan.
brain-ai-budget = Saya berhenti di situ karena jatah AI bulan ini baru saja habis.
brain-done = Selesai.

## Tugas rutin
schedules-none = Anda belum punya tugas rutin. Beri tahu saya apa yang harus dilakukan dan kapan, misalnya "setiap pagi jam 8, posting menu spesial hari ini di Instagram".
schedules-header = Tugas rutin Anda ({ $count }), waktu dalam { $zone }. Ubah zona dengan /timezone.
schedules-next-run = berikutnya { $when }
schedules-next-run-soon = berikutnya segera
schedules-paused-failures = dijeda setelah tiga kali gagal
schedules-paused-state = dijeda
schedules-awaiting-approval = menunggu persetujuan Anda
schedules-pause = ⏸ Jeda
schedules-resume = ▶️ Lanjutkan
schedules-run-now = ⚡ Jalankan sekarang
schedules-delete = 🗑 Hapus
schedules-paused = Dijeda. Tugas ini tidak berjalan sampai Anda melanjutkannya.
schedules-resumed = Dilanjutkan. Berikutnya { $when }.
schedules-deleted = Dihapus. Tugas ini tidak akan berjalan lagi.
schedules-skipped = Baik, putaran ini dilewati. Jadwalnya tetap seperti semula.
schedules-started = Dimulai: saya kabari di sini setelah selesai.
schedules-over-budget = Tidak bisa dimulai: putaran ini akan melewati batas belanja bulanan Anda. Lihat /billing untuk menaikkannya.
schedules-suspended = Akun Anda ditangguhkan, jadi saat ini tidak ada yang bisa berjalan.
schedules-not-started = Belum bisa dimulai sekarang. Silakan coba lagi sebentar lagi.
timezone-is =
    Zona waktu Anda { $zone }. Jadwal berjalan menurut waktu setempat ini.
    Untuk mengubahnya, kirim /timezone diikuti nama zona, misalnya /timezone { $example }
timezone-set = Zona waktu diatur ke { $zone }.{ $moved ->
        [0] {""}
       *[other] {" "}{ $moved } tugas rutin kini berjalan menurut waktu { $zone }.
    }

## Schedule cadences in words
cadence-daily = setiap hari pukul { $at }
cadence-weekdays = setiap hari kerja pukul { $at }
cadence-weekly = setiap { $days } pukul { $at }
cadence-monthly = setiap bulan tanggal { $day } pukul { $at }
cadence-monthly-late = setiap bulan tanggal { $day } (atau hari terakhir bulan itu) pukul { $at }
cadence-hourly = setiap jam pada menit ke-{ $minute }
cadence-every-hours = setiap { $count } jam
cadence-every-minutes = { $count ->
        [one] setiap menit
       *[other] setiap { $count } menit
    }
cadence-cron = menurut jadwal “{ $expression }”

## Recurring tasks, notices
schedules-notice-over-budget = ⏸️ Tugas terjadwal Anda “{ $request }” tidak berjalan: biayanya bisa sampai { $run }, dan { $spent } dari batas bulanan { $cap } sudah terpakai. Naikkan batasnya agar bisa berjalan, atau lewati kali ini.
schedules-notice-paused = ⚠️ “{ $request }” gagal tiga kali berturut-turut, jadi saya jeda. Lanjutkan atau hapus?
schedules-raise-cap = Naikkan batas
schedules-skip-run = Lewati kali ini

## Pasted logins, what was noticed
login-what-service = kata sandi { $service }
login-what-plain = kata sandi
login-what-and-totp = { $what } dan kunci verifikasi dua langkah
login-what-account = { $what } untuk { $account }

## Kata sandi yang ditempel di chat
login-caught = 🔐 Itu tampak seperti { $what }, jadi pesan Anda langsung saya hapus: kata sandi tidak boleh ada di chat, dan saya tidak menyimpan atau membacanya.
login-offer = Mau saya simpan di data login Anda? Karyawan Anda lalu bisa masuk dengannya tanpa pernah melihatnya.
login-no-offer = Agar karyawan Anda bisa memakai login, tambahkan di dasbor pada bagian Login (kirim /dashboard untuk tautannya). Jika menempel lagi, sertakan situs dan nama penggunanya.
login-not-deleted = Saya tidak bisa menghapus pesan itu dari chat — mohon hapus sendiri. Saya tidak menyimpan atau membacanya.
login-save = 🔐 Simpan ke login saya
login-form = 🔐 Tambahkan login lewat formulir
login-discard = Lupakan
login-saved = Disimpan sebagai “{ $label }”. Karyawan Anda bisa memakainya tanpa melihatnya; siapa yang boleh memakainya bisa diubah di dasbor pada bagian Login.
login-discarded = Dilupakan. Tidak ada yang disimpan.
login-not-customer = Hanya anggota akun Mouse yang bisa menyimpan login.
`;
