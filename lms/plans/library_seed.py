"""Seed tasks for the task library: five realistic company tasks per occupation.

Each task names the framework items it teaches as ``"<position>:<letters>"`` (e.g. ``"A11:d,e"``).
Seeded tasks belong to no company (``company_id`` None) and are visible to every trainer.
"""

from __future__ import annotations

SEED_TASKS: list[dict] = [
    # --- Mechatroniker/-in -----------------------------------------------------------------
    {
        "slug": "mech-pneumatische-sortierstation",
        "occupation": "mechatroniker_2018",
        "title": "Pneumatische Sortierstation in Betrieb nehmen",
        "situation": "In der Montagelinie unseres Kunden sortiert eine pneumatische Station Kunststoffteile nach "
        "Farbe. Nach dem Umbau der Linie muss die Station neu angeschlossen und in Betrieb genommen werden.",
        "assignment": "Schließe die Station an die Druckluftversorgung an, prüfe Wartungseinheit und Druck, "
        "stelle die Drosselrückschlagventile und Endlagenschalter ein und nimm die Station schrittweise in "
        "Betrieb. Dokumentiere Drücke, Schaltzeiten und alle Änderungen im Inbetriebnahmeprotokoll.",
        "materials": "- Pneumatikplan der Station\n- Manometer, Schlauchschneider, Steckverbinder\n"
        "- Inbetriebnahmeprotokoll (Vorlage)",
        "safety": "Vor Arbeiten an der Pneumatik Anlage drucklos machen und gegen Wiedereinschalten sichern. "
        "Schutzbrille tragen. NOT-AUS vor dem ersten Probelauf prüfen.",
        "hours": 12,
        "items": ["15:a,b,c", "20:c,f,g"],
    },
    {
        "slug": "mech-schaltschrank-verdrahten",
        "occupation": "mechatroniker_2018",
        "title": "Schaltschrank für ein Förderband verdrahten",
        "situation": "Für ein neues Förderband im Lager soll ein kleiner Schaltschrank mit Schütz, Motorschutz und "
        "Steuerung aufgebaut werden. Der Stromlaufplan liegt vor.",
        "assignment": "Baue die Komponenten auf der Montageplatte auf, lege die Leitungswege fest, verdrahte "
        "nach Stromlaufplan und kennzeichne alle Leitungen. Prüfe die Verdrahtung mit dem Durchgangsprüfer "
        "und korrigiere Fehler. Trage Änderungen in den Plan ein.",
        "materials": "- Stromlaufplan und Klemmenplan\n- Aderendhülsen, Crimpzange, Beschriftungssystem",
        "safety": "Nur im spannungsfreien Zustand arbeiten. Die fünf Sicherheitsregeln anwenden; Prüfung unter "
        "Spannung nur mit Ausbilderin oder Ausbilder.",
        "hours": 16,
        "items": ["12:a,b,d,e,f,g", "13:f"],
    },
    {
        "slug": "mech-sps-ampelsteuerung",
        "occupation": "mechatroniker_2018",
        "title": "SPS-Programm für eine Materialschleuse ändern",
        "situation": "Die Materialschleuse zwischen Lager und Fertigung öffnet zu früh: Staplerfahrer melden "
        "Beinahe-Zusammenstöße. Die Schleuse wird über eine SPS gesteuert.",
        "assignment": "Analysiere den Bewegungsablauf und das vorhandene Programm, ergänze eine Verriegelung "
        "über die Lichtschranke, teste das geänderte Programm im Simulationsmodus und danach an der Anlage. "
        "Sichere alte und neue Programmversion.",
        "materials": "- Programmiergerät mit Projektdatei\n- Funktionsbeschreibung der Schleuse",
        "safety": "Tests an der Anlage nur bei abgesperrtem Fahrweg. Sicherheitsfunktionen dürfen nicht "
        "überbrückt werden.",
        "hours": 10,
        "items": ["16:a,b,c", "14:f,g"],
    },
    {
        "slug": "mech-wartung-hubtisch",
        "occupation": "mechatroniker_2018",
        "title": "Hydraulischen Hubtisch nach Wartungsplan warten",
        "situation": "Der Hubtisch an der Verpackungsstation ist fällig für die halbjährliche Wartung. In letzter "
        "Zeit senkt er sich unter Last langsam ab.",
        "assignment": "Führe die Wartung nach Wartungsplan durch, prüfe Sicherheitseinrichtungen, suche die "
        "Ursache für das Absenken, tausche Verschleißteile und protokolliere alle Prüfungen.",
        "materials": "- Wartungsplan und Hydraulikplan\n- Ölbindemittel, Dichtungssatz",
        "safety": "Hubtisch mechanisch gegen Absenken sichern, bevor du darunter arbeitest. Hydrauliköl sofort "
        "binden und fachgerecht entsorgen.",
        "hours": 8,
        "items": ["21:a,b,d", "4:d"],
    },
    {
        "slug": "mech-sensor-montage",
        "occupation": "mechatroniker_2018",
        "title": "Baugruppe Greifer montieren und Sensoren einstellen",
        "situation": "Für eine Handhabungseinheit wird ein neuer Greifer mit Zylinder, Ventilinsel und zwei "
        "induktiven Sensoren geliefert.",
        "assignment": "Prüfe die gelieferten Teile, montiere den Greifer, richte ihn aus, schließe Schläuche und "
        "Sensoren an und stelle die Schaltpunkte ein. Prüfe die Funktion während der Montage.",
        "materials": "- Montagezeichnung und Stückliste\n- Drehmomentschlüssel",
        "safety": "Quetschgefahr am Greifer: Funktionsprüfung nur mit reduziertem Druck und ohne Hände im "
        "Greifbereich.",
        "hours": 8,
        "items": ["17:a,b,d,f,k,l"],
    },
    # --- Dachdecker/-in ---------------------------------------------------------------------
    {
        "slug": "dach-dachfenster-einbauen",
        "occupation": "dachdecker_2016",
        "title": "Dachfenster in ein Ziegeldach einbauen",
        "situation": "Ein Kunde in Spremberg baut sein Dachgeschoss aus und möchte zwei Dachfenster im "
        "geneigten Ziegeldach. Sparrenabstand und Dachneigung sind aufgemessen.",
        "assignment": "Bereite den Einbau vor (Position, Wechsel, Unterdeckung), baue die Fenster mit "
        "Eindeckrahmen ein, schließe Unterdeckung und Dämmung an und decke die Ziegel wieder an.",
        "materials": "- Einbauanleitung des Herstellers\n- Eindeckrahmen, Anschlussschürze, Dämmrahmen",
        "safety": "Absturzsicherung (Dachfanggerüst oder Anseilschutz) vor Beginn prüfen. Öffnung im Dach nie "
        "ungesichert lassen.",
        "hours": 16,
        "items": ["A14:a,b", "A6:a,b", "A7:c"],
    },
    {
        "slug": "dach-dachrinne-erneuern",
        "occupation": "dachdecker_2016",
        "title": "Dachrinne und Fallrohr am Einfamilienhaus erneuern",
        "situation": "Die alte Zinkrinne eines Einfamilienhauses ist undicht; bei Starkregen läuft Wasser über die "
        "Fassade.",
        "assignment": "Nimm die Rinnenlänge und die Dachfläche auf, bemiss Rinne und Fallrohr, baue die alte "
        "Rinne zurück, setze Rinnenhalter mit Gefälle und montiere Rinne und Fallrohr. Prüfe den Abfluss.",
        "materials": "- Rinnenhalter, Rinne, Fallrohr, Rohrschellen\n- Biegeeisen, Lötkolben",
        "safety": "Leitergang und Gerüst vorher prüfen. Beim Löten Brandschutz beachten, Feuerlöscher bereit.",
        "hours": 10,
        "items": ["A17:a,b,c,d", "A18:g"],
    },
    {
        "slug": "dach-flachdach-abdichten",
        "occupation": "dachdecker_2016",
        "title": "Garagendach mit Bitumenbahnen abdichten",
        "situation": "Das Flachdach einer Doppelgarage ist undicht. Die alte Abdichtung soll entfernt und ein "
        "neuer Aufbau mit Dampfsperre, Dämmung und zwei Lagen Bitumenbahnen hergestellt werden.",
        "assignment": "Prüfe den Untergrund, lege die Schichtenfolge fest, stelle Dampfsperre, Dämmung und "
        "Abdichtung her und schließe den Dachrand ab. Dokumentiere den Aufbau mit Fotos.",
        "materials": "- Bitumenbahnen, Dampfsperre, Gefälledämmung\n- Brenner mit Schlauchbruchsicherung",
        "safety": "Brennerarbeiten: Feuerlöscher bereit, Brandwache nach Ende der Arbeiten. Absturzkante sichern.",
        "hours": 16,
        "items": ["A10:a,b,c,d", "A11:d"],
    },
    {
        "slug": "dach-baustelle-einrichten",
        "occupation": "dachdecker_2016",
        "title": "Baustelle für eine Dachsanierung einrichten",
        "situation": "Nächste Woche beginnt die Neueindeckung eines Mehrfamilienhauses an einer Hauptstraße.",
        "assignment": "Plane die Baustelleneinrichtung (Zufahrt, Lagerfläche, Absperrung, Schuttrutsche, "
        "Aufzug), richte sie mit dem Team ein und prüfe das Gerüst vor der Freigabe.",
        "materials": "- Baustelleneinrichtungsplan\n- Gerüstprüfprotokoll",
        "safety": "Gehweg und Straße absichern. Gerüst erst nach Freigabe benutzen. PSA für alle.",
        "hours": 8,
        "items": ["A1:a,b,c,d,e,g", "G7:a"],
    },
    {
        "slug": "dach-schaden-aufnehmen",
        "occupation": "dachdecker_2016",
        "title": "Sturmschaden aufnehmen und sofort sichern",
        "situation": "Nach einem Sturm meldet eine Kundin verschobene Ziegel und einen Wasserfleck im Dachgeschoss.",
        "assignment": "Prüfe das Dach vor Ort, dokumentiere die Schäden mit Fotos und Skizze, ergreife "
        "Sofortmaßnahmen gegen eindringendes Wasser und erstelle eine Mängelliste für das Angebot.",
        "materials": "- Tablet oder Handy für Fotos\n- Notabdeckplane, Ersatzziegel",
        "safety": "Kein Betreten nasser, steiler Flächen ohne Sicherung. Bei Gefahr für Passanten absperren.",
        "hours": 4,
        "items": ["A18:b,d,e", "G6:a,b"],
    },
    # --- Anlagenmechaniker/-in SHK ---------------------------------------------------------
    {
        "slug": "shk-hydraulischer-abgleich",
        "occupation": "anlagenmechaniker_shk_2016",
        "title": "Hydraulischen Abgleich einer Heizungsanlage durchführen",
        "situation": "In einem Einfamilienhaus in Görlitz werden manche Räume nicht warm, andere überheizt. Die "
        "Heizkörper haben voreinstellbare Ventile; eine Heizlastberechnung liegt vor.",
        "assignment": "Nimm die Heizkörper auf, ermittle die Voreinstellwerte, stelle Ventile und Pumpe ein, "
        "miss Vor- und Rücklauftemperaturen und dokumentiere die Werte im Abgleichprotokoll. Erkläre der "
        "Kundin das Ergebnis.",
        "materials": "- Heizlastberechnung, Abgleichprotokoll\n- Voreinstellschlüssel, Anlegethermometer",
        "safety": "Heißes Heizungswasser: vor dem Öffnen von Verschraubungen Druck und Temperatur prüfen.",
        "hours": 12,
        "items": ["A11:d,f", "A12:c,f", "A15:c"],
    },
    {
        "slug": "shk-waschtisch-montieren",
        "occupation": "anlagenmechaniker_shk_2016",
        "title": "Waschtisch mit Armatur montieren und anschließen",
        "situation": "Im Gäste-WC eines Neubaus ist die Vorwandinstallation fertig. Waschtisch und Armatur sollen "
        "montiert werden.",
        "assignment": "Prüfe die Anschlüsse und den Untergrund, montiere Waschtisch, Armatur und Geruchsverschluss, "
        "schließe Trink- und Abwasser an, prüfe auf Dichtheit und Funktion und übergib den Platz sauber.",
        "materials": "- Montageanleitung, Befestigungsset\n- Eckventile, Siphon",
        "safety": "Trinkwasserhygiene: Anschlüsse verschlossen lagern, nur saubere Bauteile einbauen.",
        "hours": 6,
        "items": ["A9:a,b,d,g", "A14:a,c"],
    },
    {
        "slug": "shk-rohrleitung-pressen",
        "occupation": "anlagenmechaniker_shk_2016",
        "title": "Trinkwasserleitung in Pressfittingtechnik verlegen",
        "situation": "Bei einer Badsanierung wird die Trinkwasserleitung vom Steigstrang bis zur Vorwand neu verlegt.",
        "assignment": "Lege die Leitungsführung fest, trenne und entgrate die Rohre, verpresse die Fittings, "
        "befestige die Leitung schallgedämmt und führe die Dichtheitsprüfung mit Protokoll durch.",
        "materials": "- Pressmaschine mit Backen\n- Rohr, Fittings, Rohrschellen mit Schalldämmeinlage\n"
        "- Prüfprotokoll",
        "safety": "Pressmaschine nur nach Einweisung benutzen; Finger weg von der Pressbacke.",
        "hours": 8,
        "items": ["A8:c,d,f,g", "A10:b", "A1:c"],
    },
    {
        "slug": "shk-heizung-wartung",
        "occupation": "anlagenmechaniker_shk_2016",
        "title": "Gas-Brennwertkessel warten",
        "situation": "Die jährliche Wartung eines Gas-Brennwertkessels in einer Mietwohnung steht an.",
        "assignment": "Warte den Kessel nach Herstellervorgabe: Sichtprüfung, Reinigung von Brenner und "
        "Wärmetauscher, Prüfung der Sicherheitseinrichtungen, Abgasmessung. Fülle das Wartungsprotokoll aus.",
        "materials": "- Wartungsanleitung, Wartungsset\n- Abgasmessgerät",
        "safety": "Gaszufuhr schließen und Gerät spannungsfrei schalten. Nach dem Zusammenbau Gasdichtheit prüfen.",
        "hours": 6,
        "items": ["A6:a,b", "A12:h", "A7:a"],
    },
    {
        "slug": "shk-kundenuebergabe",
        "occupation": "anlagenmechaniker_shk_2016",
        "title": "Neue Heizungsregelung an Kunden übergeben",
        "situation": "Nach dem Tausch der Heizungsregelung möchte der Kunde wissen, wie er Zeitprogramme und "
        "Absenkbetrieb selbst einstellt.",
        "assignment": "Bereite eine kurze Einweisung vor, erkläre dem Kunden die Bedienung, stelle gemeinsam "
        "sein Zeitprogramm ein und protokolliere die Übergabe.",
        "materials": "- Bedienungsanleitung der Regelung\n- Übergabeprotokoll",
        "safety": "Keine Eingriffe in die Fachmann-Ebene durch den Kunden; Zugangscodes nicht weitergeben.",
        "hours": 3,
        "items": ["A15:c,d", "B5:a"],
    },
]
