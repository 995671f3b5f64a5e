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

## Deliveries, receipts and replays
knight-delivered = 📎 { $name } mengirim: { $title }
knight-delivered-too-big = { $file } berukuran { $size } MB, terlalu besar untuk Telegram: unduh dari dasbor Anda (masuk dulu; tautan berlaku untuk tim Anda selama 7 hari).
knight-delivered-download = ⬇️ Unduh { $file }
knight-result-file-table = Tabel temuan
knight-result-file-full = Hasil lengkap
knight-result-file-description = Terlalu panjang untuk satu pesan: ini versi lengkapnya.
receipt-title = 🧾 Tanda terima
receipt-delivered = Dikirim: { $files }
receipt-no-files = tidak ada file
receipt-time = Waktu: { $duration } · { $steps } langkah
receipt-cost = Biaya: { $cost } (model { $tokens } token · VM sekitar { $minutes } mnt)
receipt-cost-of-budget = Biaya: { $cost } dari { $budget } yang disetujui (model { $tokens } token · VM sekitar { $minutes } mnt)
receipt-task-page = Halaman tugas: { $url }
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

## Sign-up spikes
admin-signup-spike = ⚠️ Lonjakan pendaftaran: { $addresses } alamat berbeda mendaftar di /onboard dalam { $minutes } menit terakhir. Formulir kini meminta setiap browser menyelesaikan bukti kerja singkat; detailnya ada di log audit.

## Billing events
billing-payment-failed = Pembayaran Anda sebesar { $amount } tidak berhasil. Stripe akan mencoba lagi dalam beberapa hari; perbarui kartu Anda dengan /billing agar paket tetap aktif.
billing-plan-ended = Paket berbayar Anda sudah berakhir; sekarang Anda di paket Gratis. Pilih paket lagi kapan saja dengan /billing.
billing-plan-now = Sekarang Anda di paket { $plan }: { $messages } pesan, { $ai } untuk AI, dan { $hours } jam VM per bulan, { $knights } ksatria sekaligus.

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
brain-please-approve = Mohon setujui: { $summary }

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
