"""Ships the competency frameworks, health-check dimensions and development suggestions, in both languages.

The content is written here (not imported) so this migration stays as it was when it ran.
Each level descriptor is a pair (Bahasa Indonesia, English), levels 1 to 5.
"""

from django.db import migrations

ATTITUDES = [
    {
        "code": "saling-menghormati",
        "name": ("Saling menghormati", "Mutual respect"),
        "description": (
            "Memperlakukan setiap mitra dan warga sebagai pihak yang setara, apa pun ukuran atau sumber dayanya.",
            "Treats every partner and community member as an equal, whatever their size or resources.",
        ),
        "behaviours": [
            (
                ("Mendengarkan pendapat mitra lain sampai selesai sebelum menanggapi",
                 "Listens to other partners' views in full before responding"),
                [
                    ("Sering memotong pembicaraan atau mengabaikan pendapat mitra lain.",
                     "Often interrupts or dismisses other partners' views."),
                    ("Mendengarkan bila diingatkan, tetapi masih menanggapi sebelum memahami maksudnya.",
                     "Listens when reminded, but still responds before understanding the point."),
                    ("Biasanya mendengarkan sampai selesai dan menanggapi dengan sopan.",
                     "Usually listens to the end and responds politely."),
                    ("Selalu mendengarkan, merangkum pendapat orang lain dan menanyakan bila belum jelas.",
                     "Always listens, summarises others' views and asks when something is unclear."),
                    ("Menjadi teladan: menciptakan ruang agar mitra yang pendiam ikut didengar.",
                     "Sets the example: makes room so that quieter partners are heard too."),
                ],
            ),
            (
                ("Menghormati kesepakatan, waktu dan peran mitra lain",
                 "Honours agreements, time and the roles of other partners"),
                [
                    ("Sering melanggar kesepakatan atau mengambil alih peran mitra lain tanpa bicara.",
                     "Often breaks agreements or takes over other partners' roles without talking."),
                    ("Kadang terlambat atau lupa kesepakatan, dan jarang memberi kabar.",
                     "Sometimes late or forgets agreements, and rarely lets others know."),
                    ("Umumnya menepati kesepakatan dan memberi kabar bila berhalangan.",
                     "Generally keeps agreements and sends word when unable to."),
                    ("Konsisten menepati kesepakatan dan menghormati batas peran setiap mitra.",
                     "Consistently keeps agreements and respects the limits of each partner's role."),
                    ("Mengajak tim dan mitra lain menepati kesepakatan bersama dan menegur dengan santun.",
                     "Encourages the team and other partners to keep joint agreements, and corrects politely."),
                ],
            ),
            (
                ("Menyampaikan ketidaksetujuan tanpa merendahkan orang lain",
                 "Disagrees without belittling others"),
                [
                    ("Ketidaksetujuan disampaikan dengan nada merendahkan atau menyerang pribadi.",
                     "Disagreement comes with a belittling tone or personal attacks."),
                    ("Menghindari perbedaan pendapat atau menyampaikannya di belakang.",
                     "Avoids disagreement or voices it behind others' backs."),
                    ("Menyampaikan ketidaksetujuan secara terbuka dan sopan.",
                     "Voices disagreement openly and politely."),
                    ("Memisahkan masalah dari orang, dan menawarkan alasan serta jalan keluar.",
                     "Separates the issue from the person, and offers reasons and a way forward."),
                    ("Membantu kelompok berbeda pendapat dengan sehat dan tetap saling percaya.",
                     "Helps the group disagree in a healthy way while keeping trust."),
                ],
            ),
        ],
    },
    {
        "code": "menghargai-keragaman",
        "name": ("Menghargai keragaman", "Valuing diversity"),
        "description": (
            "Melihat perbedaan sektor, budaya, gender dan cara kerja sebagai kekuatan kemitraan.",
            "Sees differences of sector, culture, gender and ways of working as a strength of the partnership.",
        ),
        "behaviours": [
            (
                ("Menghargai cara kerja dan budaya organisasi mitra dari sektor lain",
                 "Values the ways of working and culture of partners from other sectors"),
                [
                    ("Menganggap cara kerja sektor lain keliru atau menghambat.",
                     "Considers other sectors' ways of working wrong or obstructive."),
                    ("Menerima cara kerja lain bila terpaksa, tanpa berusaha memahami.",
                     "Accepts other ways of working when forced to, without trying to understand them."),
                    ("Berusaha memahami aturan dan kendala mitra dari sektor lain.",
                     "Tries to understand the rules and constraints of partners from other sectors."),
                    ("Menyesuaikan cara kerjanya agar mitra lain dapat berperan penuh.",
                     "Adapts own way of working so that other partners can take their full part."),
                    ("Memanfaatkan perbedaan sektor sebagai sumber gagasan dan mengajak orang lain melakukannya.",
                     "Uses sector differences as a source of ideas and leads others to do the same."),
                ],
            ),
            (
                ("Melibatkan suara perempuan, warga miskin dan kelompok rentan",
                 "Involves the voices of women, poor households and vulnerable groups"),
                [
                    ("Tidak melibatkan kelompok rentan; keputusan diambil tanpa mereka.",
                     "Does not involve vulnerable groups; decisions are made without them."),
                    ("Melibatkan kelompok rentan sebatas formalitas atau daftar hadir.",
                     "Involves vulnerable groups only as a formality or an attendance list."),
                    ("Mengundang dan mencatat masukan kelompok rentan dalam kegiatan utama.",
                     "Invites and records the input of vulnerable groups in the main activities."),
                    ("Memastikan masukan kelompok rentan memengaruhi rencana dan keputusan.",
                     "Makes sure the input of vulnerable groups shapes plans and decisions."),
                    ("Membangun cara yang aman dan setara agar kelompok rentan ikut memimpin.",
                     "Builds safe and equal ways for vulnerable groups to take a leading part."),
                ],
            ),
        ],
    },
    {
        "code": "transparan-jujur",
        "name": ("Transparan / jujur", "Transparency & honesty"),
        "description": (
            "Terbuka tentang informasi, dana, kemajuan dan masalah; berkata dan bertindak jujur.",
            "Open about information, funds, progress and problems; speaks and acts honestly.",
        ),
        "behaviours": [
            (
                ("Membagikan informasi dan data yang dibutuhkan mitra tepat waktu",
                 "Shares the information and data partners need, on time"),
                [
                    ("Menahan informasi penting atau membagikannya hanya untuk keuntungan sendiri.",
                     "Withholds important information or shares it only for own advantage."),
                    ("Membagikan informasi bila diminta, sering terlambat atau tidak lengkap.",
                     "Shares information when asked, often late or incomplete."),
                    ("Membagikan informasi utama secara rutin melalui saluran yang disepakati.",
                     "Shares the main information regularly through the agreed channels."),
                    ("Membagikan informasi lengkap dan tepat waktu tanpa perlu diminta.",
                     "Shares complete information on time without being asked."),
                    ("Mendorong keterbukaan informasi sebagai kebiasaan bersama seluruh mitra.",
                     "Makes openness of information a shared habit across all partners."),
                ],
            ),
            (
                ("Melaporkan kemajuan, penggunaan dana dan kendala apa adanya",
                 "Reports progress, use of funds and difficulties as they are"),
                [
                    ("Laporan dibuat lebih baik dari kenyataan atau menutupi masalah.",
                     "Reports look better than reality or hide problems."),
                    ("Melaporkan keberhasilan, tetapi kendala baru muncul setelah terlambat.",
                     "Reports successes, but difficulties surface only when it is too late."),
                    ("Melaporkan kemajuan dan kendala dengan jujur dalam laporan rutin.",
                     "Reports progress and difficulties honestly in routine reports."),
                    ("Mengangkat kendala sejak dini, dengan bukti dan usulan tindak lanjut.",
                     "Raises difficulties early, with evidence and a proposed follow-up."),
                    ("Membuat laporan dan penggunaan dana dapat diperiksa oleh semua mitra dan warga.",
                     "Makes reports and use of funds open to checking by all partners and the community."),
                ],
            ),
            (
                ("Mengakui kesalahan dan konflik kepentingan",
                 "Admits mistakes and conflicts of interest"),
                [
                    ("Menyangkal kesalahan atau menyalahkan pihak lain.",
                     "Denies mistakes or blames others."),
                    ("Mengakui kesalahan hanya bila sudah diketahui orang lain.",
                     "Admits mistakes only once others have found out."),
                    ("Mengakui kesalahan sendiri dan memperbaikinya.",
                     "Admits own mistakes and corrects them."),
                    ("Mengungkapkan konflik kepentingan sebelum keputusan diambil.",
                     "Declares conflicts of interest before decisions are taken."),
                    ("Menjadikan kesalahan bahan belajar bersama tanpa mencari kambing hitam.",
                     "Turns mistakes into shared learning without looking for scapegoats."),
                ],
            ),
        ],
    },
    {
        "code": "manfaat-bersama",
        "name": ("Mengedepankan manfaat bersama", "Mutual benefit, not self-interest"),
        "description": (
            "Mengutamakan tujuan bersama dan nilai bagi semua mitra di atas kepentingan organisasi sendiri.",
            "Puts the shared goal and value for every partner above the interests of own organisation.",
        ),
        "behaviours": [
            (
                ("Mengutamakan tujuan bersama saat kepentingan organisasi berbeda",
                 "Puts the shared goal first when organisational interests differ"),
                [
                    ("Memperjuangkan kepentingan organisasi sendiri meskipun merugikan tujuan bersama.",
                     "Pushes own organisation's interest even when it harms the shared goal."),
                    ("Mendukung tujuan bersama selama tidak mengurangi keuntungan organisasi sendiri.",
                     "Supports the shared goal as long as it costs own organisation nothing."),
                    ("Menimbang tujuan bersama dan kepentingan organisasi secara seimbang.",
                     "Weighs the shared goal and organisational interest in balance."),
                    ("Mencari jalan keluar yang memberi nilai bagi semua mitra, bukan hanya satu.",
                     "Looks for solutions that bring value to every partner, not just one."),
                    ("Meyakinkan pimpinan organisasinya untuk mendahulukan tujuan bersama.",
                     "Persuades own leadership to put the shared goal first."),
                ],
            ),
            (
                ("Berbagi sumber daya, jaringan dan pengakuan",
                 "Shares resources, networks and credit"),
                [
                    ("Menyimpan sumber daya sendiri dan mengklaim hasil bersama sebagai milik sendiri.",
                     "Keeps resources to itself and claims joint results as its own."),
                    ("Berbagi sumber daya sebatas yang diwajibkan.",
                     "Shares resources only as far as required."),
                    ("Menyumbangkan sumber daya yang dijanjikan dan menyebut peran mitra lain.",
                     "Contributes the promised resources and acknowledges other partners' roles."),
                    ("Menawarkan sumber daya dan jaringan tambahan ketika kemitraan membutuhkannya.",
                     "Offers extra resources and networks when the partnership needs them."),
                    ("Memastikan penghargaan atas hasil diberikan secara adil kepada semua mitra dan warga.",
                     "Makes sure recognition for results goes fairly to every partner and the community."),
                ],
            ),
        ],
    },
    {
        "code": "berani-inovasi",
        "name": ("Berani mencoba inovasi", "Courage to innovate"),
        "description": (
            "Mau mencoba cara baru untuk mengurangi kemiskinan, belajar dari hasilnya dan berbagi pelajaran.",
            "Willing to try new ways to reduce poverty, learn from the result and share the lessons.",
        ),
        "behaviours": [
            (
                ("Mengusulkan atau mendukung cara baru untuk mencapai tujuan",
                 "Proposes or supports new ways to reach the goal"),
                [
                    ("Menolak cara baru dan bertahan pada kebiasaan lama.",
                     "Rejects new ways and holds on to old habits."),
                    ("Menerima cara baru yang diusulkan orang lain, tetapi ragu ikut menjalankannya.",
                     "Accepts new ways proposed by others, but hesitates to take part."),
                    ("Ikut menjalankan uji coba cara baru yang disepakati.",
                     "Takes part in trials of agreed new ways."),
                    ("Mengusulkan cara baru dengan alasan yang jelas, termasuk dari pengalaman daerah lain.",
                     "Proposes new ways with clear reasons, including lessons from other regions."),
                    ("Memimpin uji coba inovasi bersama mitra dan warga, dengan risiko yang dikelola.",
                     "Leads innovation trials with partners and the community, with managed risks."),
                ],
            ),
            (
                ("Belajar dari kegagalan dan membagikan pelajaran",
                 "Learns from failure and shares the lessons"),
                [
                    ("Menyembunyikan kegagalan atau berhenti mencoba setelah gagal.",
                     "Hides failures or stops trying after failing."),
                    ("Mengakui kegagalan tetapi tidak menarik pelajaran darinya.",
                     "Acknowledges failure but draws no lessons from it."),
                    ("Mencatat apa yang berhasil dan tidak, lalu menyesuaikan rencana.",
                     "Notes what worked and what did not, then adjusts the plan."),
                    ("Membagikan pelajaran dari kegagalan kepada mitra lain secara terbuka.",
                     "Shares the lessons of failure openly with other partners."),
                    ("Membangun kebiasaan belajar bersama sehingga mitra berani mencoba lagi.",
                     "Builds a habit of shared learning so partners dare to try again."),
                ],
            ),
        ],
    },
]

FACILITATOR_ROLES = [
    (
        "membangun-gagasan",
        ("Membangun gagasan, akuntabilitas dan pengambilan keputusan",
         "Builds ideas, accountability and decision-making"),
        ("Membantu mitra merumuskan gagasan, membagi tanggung jawab dan mengambil keputusan bersama",
         "Helps partners shape ideas, share out responsibilities and take decisions together"),
        [
            ("Keputusan menggantung; tidak jelas siapa bertanggung jawab atas apa.",
             "Decisions hang; it is unclear who is responsible for what."),
            ("Membantu merumuskan gagasan, tetapi keputusan dan penanggung jawab jarang dicatat.",
             "Helps shape ideas, but decisions and owners are seldom recorded."),
            ("Keputusan dan penanggung jawab dicatat dan ditindaklanjuti pada pertemuan berikutnya.",
             "Decisions and owners are recorded and followed up at the next meeting."),
            ("Mitra mengambil keputusan sendiri dengan proses yang jelas dan saling menagih janji.",
             "Partners take decisions themselves through a clear process and hold each other to account."),
            ("Proses keputusan dan akuntabilitas sudah menjadi milik mitra dan berjalan tanpa dorongan.",
             "The decision and accountability process is owned by the partners and runs without prompting."),
        ],
    ),
    (
        "promosi-gagasan",
        ("Mempromosikan gagasan dengan kisah sukses dari tempat lain",
         "Promotes ideas with success stories from elsewhere"),
        ("Menggunakan kisah sukses dan bukti dari tempat lain untuk meyakinkan mitra",
         "Uses success stories and evidence from elsewhere to convince partners"),
        [
            ("Tidak membawa contoh atau bukti dari luar kemitraan.",
             "Brings no examples or evidence from outside the partnership."),
            ("Sesekali menyebut contoh dari tempat lain tanpa kaitan yang jelas.",
             "Occasionally mentions examples from elsewhere without a clear link."),
            ("Menyajikan kisah sukses yang relevan dan menjelaskan syarat keberhasilannya.",
             "Presents relevant success stories and explains what made them work."),
            ("Mempertemukan mitra dengan pelaku kisah sukses untuk belajar langsung.",
             "Connects partners with the people behind the success stories to learn first-hand."),
            ("Kisah sukses yang dibawa mendorong mitra mengadaptasi gagasan sesuai konteks lokal.",
             "The stories brought lead partners to adapt ideas to the local context."),
        ],
    ),
    (
        "jembatan",
        ("Menjadi jembatan antarpihak", "Acts as a bridge between parties"),
        ("Menghubungkan mitra yang berbeda kepentingan dan bahasa kerja",
         "Connects partners with different interests and working languages"),
        [
            ("Komunikasi antarmitra terputus atau hanya melalui pendamping.",
             "Communication between partners is broken or runs only through the facilitator."),
            ("Menyampaikan pesan antarmitra, tetapi kesalahpahaman sering terjadi.",
             "Passes messages between partners, but misunderstandings are frequent."),
            ("Menerjemahkan kepentingan tiap mitra sehingga saling dipahami.",
             "Translates each partner's interests so they are understood by the others."),
            ("Membangun hubungan langsung antarmitra dan saluran komunikasi yang disepakati.",
             "Builds direct relations between partners and agreed communication channels."),
            ("Mitra saling menghubungi dan menyelesaikan urusan tanpa perlu perantara.",
             "Partners reach out to each other and settle matters without needing a go-between."),
        ],
    ),
    (
        "opsi-solusi",
        ("Menawarkan pilihan dan solusi alternatif", "Offers options and alternative solutions"),
        ("Menyiapkan beberapa pilihan beserta untung-ruginya ketika kemitraan menghadapi masalah",
         "Prepares several options with their pros and cons when the partnership faces a problem"),
        [
            ("Tidak menawarkan pilihan; masalah dibiarkan atau satu jalan dipaksakan.",
             "Offers no options; problems are left alone or one way is imposed."),
            ("Menawarkan satu jalan keluar tanpa membandingkan pilihan lain.",
             "Offers a single way out without comparing alternatives."),
            ("Menyajikan beberapa pilihan dengan untung-rugi yang jelas.",
             "Presents several options with clear pros and cons."),
            ("Mengembangkan pilihan bersama mitra dan menguji kelayakannya.",
             "Develops options together with partners and tests their feasibility."),
            ("Mitra terbiasa mencari dan menimbang alternatif sendiri sebelum memutuskan.",
             "Partners are used to finding and weighing alternatives themselves before deciding."),
        ],
    ),
    (
        "teladan",
        ("Menjadi teladan perilaku dan tata kelola", "Is a role model of behaviour and governance"),
        ("Menunjukkan sikap kemitraan dan tata kelola yang baik dalam tindakannya sendiri",
         "Shows the partnering attitudes and good governance in own actions"),
        [
            ("Perilaku pendamping bertentangan dengan prinsip yang diajarkannya.",
             "The facilitator's behaviour contradicts the principles they teach."),
            ("Menjalankan prinsip kemitraan secara tidak konsisten.",
             "Applies partnering principles inconsistently."),
            ("Bersikap netral, tepat janji dan terbuka dalam tugas sehari-hari.",
             "Is neutral, keeps promises and is open in daily work."),
            ("Menjaga tata kelola yang rapi: catatan, laporan dan keputusan dapat diperiksa.",
             "Keeps governance in order: records, reports and decisions can be checked."),
            ("Perilaku dan tata kelolanya ditiru mitra dalam organisasi mereka sendiri.",
             "Partners copy the facilitator's conduct and governance in their own organisations."),
        ],
    ),
    (
        "mediasi",
        ("Menengahi perselisihan sambil menggali pembelajaran",
         "Mediates disputes while drawing out learning"),
        ("Menengahi perselisihan secara adil dan membantu mitra belajar dari konflik",
         "Mediates disputes fairly and helps partners learn from the conflict"),
        [
            ("Perselisihan dihindari atau pendamping memihak.",
             "Disputes are avoided or the facilitator takes sides."),
            ("Menengahi bila diminta, tetapi penyelesaian tidak tuntas.",
             "Mediates when asked, but settlements do not hold."),
            ("Menengahi secara netral sampai tercapai kesepakatan yang dicatat.",
             "Mediates neutrally until a recorded agreement is reached."),
            ("Setelah mediasi, mengajak mitra merumuskan pelajaran dan mencegah konflik serupa.",
             "After mediation, helps partners draw lessons and prevent similar conflicts."),
            ("Konflik menjadi sarana memperkuat kepercayaan dan aturan main kemitraan.",
             "Conflicts become a means of strengthening trust and the partnership's rules."),
        ],
    ),
    (
        "melatih",
        ("Melatih kompetensi dan keterampilan", "Trains competencies and skills"),
        ("Melatih mitra pada kompetensi dan keterampilan yang dibutuhkan kemitraan",
         "Trains partners in the competencies and skills the partnership needs"),
        [
            ("Tidak ada pelatihan; kebutuhan kapasitas mitra tidak dikenali.",
             "No training; partners' capacity needs are not identified."),
            ("Pelatihan sesekali tanpa kaitan dengan hasil penilaian.",
             "Occasional training unrelated to assessment results."),
            ("Pelatihan direncanakan dari hasil penilaian kompetensi.",
             "Training is planned from competency assessment results."),
            ("Pelatihan diikuti pendampingan praktik dan diperiksa dampaknya.",
             "Training is followed by coaching in practice and its effect is checked."),
            ("Mitra yang dilatih meneruskan ilmunya kepada orang lain (alih pengetahuan).",
             "Trained partners pass their knowledge on to others (knowledge transfer)."),
        ],
    ),
]

HEALTH = [
    (
        "komunikasi",
        ("Komunikasi", "Communication"),
        [
            ("Informasi sering tidak sampai; mitra mendengar kabar penting dari pihak luar.",
             "Information often fails to arrive; partners hear important news from outsiders."),
            ("Komunikasi tidak teratur dan bergantung pada satu atau dua orang.",
             "Communication is irregular and depends on one or two people."),
            ("Ada saluran dan jadwal komunikasi yang disepakati; sebagian besar mitra mengikutinya.",
             "There are agreed channels and schedules; most partners follow them."),
            ("Komunikasi teratur, dua arah dan menjangkau mitra di daerah tanpa internet.",
             "Communication is regular, two-way and reaches partners in regions without internet."),
            ("Semua mitra mendapat informasi yang sama tepat waktu dan berani menyampaikan masalah.",
             "All partners get the same information on time and dare to raise problems."),
        ],
    ),
    (
        "restu-pimpinan",
        ("Restu dan komitmen pimpinan", "Leadership endorsement and commitment"),
        [
            ("Pimpinan mitra belum merestui; staf ragu bertindak.",
             "Partner leaders have not endorsed; staff hesitate to act."),
            ("Restu ada di atas kertas, tetapi dukungan nyata lemah.",
             "Endorsement exists on paper, but real support is weak."),
            ("Sebagian besar pimpinan merestui dan menyediakan waktu staf.",
             "Most leaders endorse and provide staff time."),
            ("Semua pimpinan merestui dan hadir pada keputusan penting.",
             "All leaders endorse and attend key decisions."),
            ("Pimpinan aktif memperjuangkan kemitraan di dalam dan di luar organisasinya.",
             "Leaders actively champion the partnership inside and outside their organisations."),
        ],
    ),
    (
        "efisiensi-pengelolaan",
        ("Efisiensi pengelolaan: peta jalan dan koordinasi", "Efficiency of management: road map and coordination"),
        [
            ("Tidak ada peta jalan; kegiatan berjalan sendiri-sendiri.",
             "No road map; activities run separately."),
            ("Peta jalan ada tetapi jarang dipakai; koordinasi lemah.",
             "A road map exists but is seldom used; coordination is weak."),
            ("Peta jalan dipakai dan diperbarui; koordinasi berjalan rutin.",
             "The road map is used and updated; coordination is routine."),
            ("Kemajuan dipantau terhadap peta jalan dan penyesuaian dibuat tepat waktu.",
             "Progress is tracked against the road map and adjustments are made on time."),
            ("Pengelolaan ringkas dan efisien; mitra menyesuaikan rencana bersama tanpa hambatan.",
             "Management is lean and efficient; partners adjust the joint plan without friction."),
        ],
    ),
    (
        "orientasi-hasil",
        ("Orientasi hasil: keluaran dan capaian", "Results orientation: outputs and outcomes"),
        [
            ("Fokus pada kegiatan; keluaran dan capaian tidak dipantau.",
             "Focus on activities; outputs and outcomes are not tracked."),
            ("Keluaran dicatat, tetapi kaitan dengan capaian tidak jelas.",
             "Outputs are recorded, but the link to outcomes is unclear."),
            ("Keluaran dan capaian dipantau dengan indikator yang disepakati.",
             "Outputs and outcomes are tracked with agreed indicators."),
            ("Keputusan diambil berdasarkan data capaian, termasuk tujuan tiap mitra.",
             "Decisions are based on outcome data, including each partner's own goals."),
            ("Dampak bagi warga miskin terlihat dan diakui di luar penerima manfaat langsung.",
             "Impact for poor households is visible and recognised beyond the direct beneficiaries."),
        ],
    ),
    (
        "manfaat-bersama",
        ("Manfaat bersama dan nilai bagi tiap mitra", "Mutual benefit and value to each partner"),
        [
            ("Satu mitra mendapat manfaat, mitra lain merasa dimanfaatkan.",
             "One partner benefits; the others feel used."),
            ("Manfaat tidak merata dan jarang dibicarakan.",
             "Benefits are uneven and seldom discussed."),
            ("Setiap mitra dapat menyebut manfaat yang diterimanya.",
             "Every partner can name a benefit it receives."),
            ("Potensi tiap mitra dimanfaatkan dan manfaatnya ditinjau bersama.",
             "Each partner's potential is used and benefits are reviewed together."),
            ("Setiap mitra mencapai tujuan organisasinya sekaligus tujuan bersama.",
             "Every partner reaches its own goals as well as the shared goal."),
        ],
    ),
    (
        "kepercayaan-konflik",
        ("Kepercayaan dan penanganan konflik", "Trust and handling of conflict"),
        [
            ("Saling curiga; konflik dibiarkan atau meledak.",
             "Mutual suspicion; conflicts are left alone or blow up."),
            ("Kepercayaan rapuh; konflik diselesaikan sepihak.",
             "Trust is fragile; conflicts are settled one-sidedly."),
            ("Mitra cukup percaya dan konflik dibicarakan dalam pertemuan.",
             "Partners trust each other enough and conflicts are discussed in meetings."),
            ("Konflik ditangani lewat mediasi yang adil dan disepakati bersama.",
             "Conflicts are handled through fair, jointly agreed mediation."),
            ("Kepercayaan tinggi; perbedaan menjadi bahan belajar tanpa meninggalkan luka.",
             "High trust; differences become learning and leave no lasting damage."),
        ],
    ),
    (
        "keberlanjutan",
        ("Keberlanjutan", "Sustainability"),
        [
            ("Kegiatan bergantung penuh pada dana dan bantuan mitra awal.",
             "Activities depend entirely on the first partners' funds and help."),
            ("Keberlanjutan dibicarakan tetapi belum ada rencana.",
             "Sustainability is talked about but there is no plan."),
            ("Ada rencana keberlanjutan dengan sumber daya yang mulai beragam.",
             "There is a sustainability plan with increasingly varied resources."),
            ("Mitra lokal atau warga siap melanjutkan sebagian kegiatan secara swakelola.",
             "Local partners or the community are ready to carry on part of the work as swakelola."),
            ("Hasil kemitraan berlanjut tanpa ketergantungan pada mitra awal.",
             "The partnership's results continue without dependence on the first partners."),
        ],
    ),
]

SUGGESTIONS = {
    "saling-menghormati": [
        ("Latihan mendengarkan aktif dalam pertemuan kemitraan berikutnya, dengan umpan balik dari pendamping.",
         "Practise active listening at the next partnership meeting, with feedback from the facilitator."),
        ("Sepakati aturan main pertemuan (giliran bicara, tepat waktu) dan tinjau bersama setiap bulan.",
         "Agree meeting ground rules (turn-taking, punctuality) and review them together each month."),
    ],
    "menghargai-keragaman": [
        ("Kunjungan silang ke organisasi mitra dari sektor lain untuk memahami cara kerjanya.",
         "Exchange visit to a partner from another sector to understand how it works."),
        ("Pelatihan kepekaan gender dan inklusi sosial (GESI) bagi staf lapangan.",
         "Gender equality and social inclusion (GESI) training for field staff."),
    ],
    "transparan-jujur": [
        ("Gunakan format laporan bersama yang memuat kendala dan penggunaan dana.",
         "Use the shared reporting format that includes difficulties and use of funds."),
        ("Sesi refleksi rutin: apa yang tidak berjalan dan apa yang kita pelajari.",
         "Regular reflection session: what did not work and what we learnt."),
    ],
    "manfaat-bersama": [
        ("Petakan bersama manfaat yang diharapkan tiap mitra dan tinjau dalam pertemuan triwulan.",
         "Map together the benefit each partner expects and review it at the quarterly meeting."),
        ("Pendampingan oleh pimpinan mitra tentang menyelaraskan tujuan organisasi dengan tujuan bersama.",
         "Coaching by a partner lead on aligning organisational goals with the shared goal."),
    ],
    "berani-inovasi": [
        ("Belajar dari kisah sukses daerah lain melalui kunjungan atau diskusi daring.",
         "Learn from success stories in other regions through a visit or an online discussion."),
        ("Rancang satu uji coba kecil dengan risiko terkendali dan bagikan hasilnya.",
         "Design one small trial with controlled risks and share the result."),
    ],
    "mediasi": [
        ("Pelatihan bersertifikat mediasi dan negosiasi untuk pendamping kemitraan.",
         "Certified mediation and negotiation training for partnership facilitators."),
    ],
    "melatih": [
        ("Pelatihan untuk pelatih (training of trainers) agar pendamping dapat melatih mitra.",
         "Training of trainers so the facilitator can train partners."),
    ],
}


def seed(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    Competency = apps.get_model("assessments", "Competency")
    Behaviour = apps.get_model("assessments", "Behaviour")
    BehaviourLevel = apps.get_model("assessments", "BehaviourLevel")
    HealthDimension = apps.get_model("assessments", "HealthDimension")
    DimensionLevel = apps.get_model("assessments", "DimensionLevel")
    DevelopmentSuggestion = apps.get_model("assessments", "DevelopmentSuggestion")

    def levels(model, owner_field, owner, pairs):
        model.objects.bulk_create(
            model(**{owner_field: owner}, level=i, descriptor_id=text_id, descriptor_en=text_en)
            for i, (text_id, text_en) in enumerate(pairs, start=1)
        )

    attitudes = Framework.objects.create(
        code="sikap-kemitraan",
        version=1,
        kind="attitudes",
        name_id="Lima sikap kemitraan",
        name_en="The five partnering attitudes",
        description_id="Sikap yang harus dimiliki setiap orang yang ditugaskan oleh lembaga mitra.",
        description_en="The attitudes every person a partner organisation assigns must hold.",
    )
    for order, spec in enumerate(ATTITUDES, start=1):
        competency = Competency.objects.create(
            framework=attitudes,
            code=spec["code"],
            order=order,
            name_id=spec["name"][0],
            name_en=spec["name"][1],
            description_id=spec["description"][0],
            description_en=spec["description"][1],
        )
        for b_order, ((name_id, name_en), level_pairs) in enumerate(spec["behaviours"], start=1):
            behaviour = Behaviour.objects.create(competency=competency, order=b_order, name_id=name_id, name_en=name_en)
            levels(BehaviourLevel, "behaviour", behaviour, level_pairs)

    facilitator = Framework.objects.create(
        code="kompetensi-pendamping",
        version=1,
        kind="facilitator",
        name_id="Kompetensi pendamping kemitraan",
        name_en="Partnership facilitator competencies",
        description_id="Tujuh peran pendamping kemitraan, dijalankan bersamaan atau bergantian.",
        description_en="The seven roles of the partnership facilitator, held at once or in turn.",
    )
    for order, (code, (name_id, name_en), (beh_id, beh_en), level_pairs) in enumerate(FACILITATOR_ROLES, start=1):
        competency = Competency.objects.create(
            framework=facilitator, code=code, order=order, name_id=name_id, name_en=name_en
        )
        behaviour = Behaviour.objects.create(competency=competency, order=1, name_id=beh_id, name_en=beh_en)
        levels(BehaviourLevel, "behaviour", behaviour, level_pairs)

    for order, (code, (name_id, name_en), level_pairs) in enumerate(HEALTH, start=1):
        dimension = HealthDimension.objects.create(code=code, order=order, name_id=name_id, name_en=name_en)
        levels(DimensionLevel, "dimension", dimension, level_pairs)

    for code, pairs in SUGGESTIONS.items():
        for order, (text_id, text_en) in enumerate(pairs, start=1):
            DevelopmentSuggestion.objects.create(competency_code=code, order=order, text_id=text_id, text_en=text_en)


def unseed(apps, schema_editor):
    for name in ["DevelopmentSuggestion", "DimensionLevel", "HealthDimension", "BehaviourLevel", "Behaviour"]:
        apps.get_model("assessments", name).objects.all().delete()
    apps.get_model("assessments", "Competency").objects.all().delete()
    apps.get_model("assessments", "Framework").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
