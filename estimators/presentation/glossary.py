"""Glossary entries (title, markdown) in English and Japanese, for the Glossary page."""

TERMS = {
    "en": [
        ("Operation vs maintenance",
         "**Operation** keeps a healthy system running (backups, accounts, watching monitors, "
         "scheduled jobs): predictable hours. **Maintenance** keeps it healthy and restores it "
         "when it is not (fixes, recovery, patches, adaptation, improvement): irregular, often "
         "urgent. Hoshu costs maintenance."),
        ("The five maintenance types",
         "**Corrective** — after a failure (simulated from incidents). **Adaptive** — for an "
         "external change (OS, middleware, law). **Preventive** — on a schedule (patching, "
         "inspections); it lowers incident rates with diminishing returns. **Perfective** — "
         "improvements. **Predictive** — from monitoring data; it shortens detection and avoids "
         "some incidents. All but corrective are planned hours per year."),
        ("Hardware vs software",
         "Hardware (servers, NAS, network, UPS, devices) needs inspections, parts and on-site "
         "visits with travel before repair; software (OS, applications, databases) is patched "
         "monthly to quarterly, remotely. Cloud moves most hardware work to the provider."),
        ("MTTA and MTTR",
         "**MTTA**, mean time to acknowledge: from opened to acknowledged. **MTTR** in Hoshu is "
         "the mean time to **restore**: from the incident occurring to the service being back "
         "— detection + waiting for the window or on-call + queueing + repair + travel. It is "
         "the downtime of that incident."),
        ("Availability and nines",
         "Availability = 1 − downtime / time. Hoshu counts outage-equivalent downtime: an S2 "
         "(degraded) hour counts as its impact factor of an outage hour. The table shows what "
         "each level of nines allows."),
        ("SLA and service credits",
         "A **service level agreement** sets response and resolution targets per severity. "
         "When the vendor misses one, it owes a **service credit**: a percentage of the monthly "
         "fee per breach, capped per month. Vendors meet each target with a stated probability."),
        ("Erlang C",
         "The chance that an incident has to wait for a free engineer when c engineers serve "
         "Poisson arrivals with exponential repair times (the M/M/c queue): "
         "C = c·B / (c − a·(1 − B)), a = arrival rate × mean repair time, B the Erlang B "
         "blocking probability. A 24x7 seat needs about 8,760 h ÷ 1,850 h ≈ 4.7 FTE."),
        ("The model's assumptions",
         "Incidents arrive as independent Poisson processes per system and severity; times of "
         "day are uniform; repair times follow the chosen distribution (lognormal by default) "
         "scaled by skill; the in-house queue is first come first served (or by severity); "
         "repairs continue past the end of the window once started; the vendor has no queue; "
         "costs are per year with salary, vendor and general escalation; NPV uses end-of-year "
         "discounting."),
    ],
    "ja": [
        ("運用と保守",
         "**運用**は正常なシステムを動かし続ける作業（バックアップ、アカウント管理、監視、定期ジョブ）で、"
         "工数が読みやすいものです。**保守**はシステムを健全に保ち、障害時に復旧させる作業（修正、復旧、"
         "パッチ、適応、改善）で、不定期かつ緊急のことが多いものです。Hoshu は保守のコストを扱います。"),
        ("5つの保守区分",
         "**修正保守** — 障害発生後の対応（インシデントからシミュレーション）。**適応保守** — OS・ミドルウェア・"
         "法改正など外部の変化への対応。**予防保守** — 計画的なパッチ適用や点検。障害発生率を逓減的に下げます。"
         "**完全保守** — 改善要望への対応。**予測保守** — 監視データにもとづく対応。検知を早め、一部の障害を"
         "未然に防ぎます。修正保守以外は年間の計画工数で扱います。"),
        ("ハードウェアとソフトウェア",
         "ハードウェア（サーバー、NAS、ネットワーク機器、UPS、端末）は点検・部品交換・オンサイト対応が必要で、"
         "修理の前に移動時間がかかります。ソフトウェア（OS、アプリ、データベース）は月次〜四半期ごとのパッチを"
         "リモートで適用します。クラウドではハードウェア保守の大半が事業者側に移ります。"),
        ("MTTA と MTTR",
         "**MTTA**（平均応答時間）は起票から応答までの時間です。Hoshu の **MTTR** は平均**復旧**時間で、"
         "障害の発生からサービスが戻るまで — 検知＋対応時間帯またはオンコールの待ち＋順番待ち＋修理＋移動 — "
         "を指します。これがそのインシデントのダウンタイムです。"),
        ("可用性とナイン",
         "可用性 = 1 − ダウンタイム ÷ 時間。Hoshu は停止換算のダウンタイムを数えます。S2（性能低下）の1時間は"
         "影響度の分だけ停止時間として数えます。下の表は各ナインで許されるダウンタイムです。"),
        ("SLA とサービスクレジット",
         "**SLA**（サービスレベル合意）は重要度ごとに応答・解決の目標を定めます。ベンダーが目標を外すと、"
         "違反1件ごとに月額料金の一定割合の**サービスクレジット**（月間上限あり）を支払います。ベンダーは"
         "各目標を所定の確率で達成するものとしてモデル化しています。"),
        ("アーランC式",
         "c 人のエンジニアが、ポアソン到着・指数分布の修理時間のインシデントに対応するとき（M/M/c 待ち行列）に、"
         "空きを待つ確率: C = c·B / (c − a·(1 − B))。a = 到着率 × 平均修理時間、B はアーランB式の呼損率。"
         "24時間365日の1席には約 8,760時間 ÷ 1,850時間 ≈ 4.7 FTE が必要です。"),
        ("モデルの前提",
         "インシデントはシステム・重要度ごとに独立なポアソン過程で発生し、時刻は一様。修理時間は選んだ分布"
         "（既定は対数正規）をスキルで調整したもの。内製の待ち行列は先着順（または重要度順）。修理は開始すれば"
         "対応時間帯を過ぎても続けます。ベンダーに待ち行列はありません。コストは年単位で、給与・ベンダー価格・"
         "一般物価の上昇を反映し、正味現在価値は期末割引で計算します。"),
    ],
}
