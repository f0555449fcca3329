"""The demo site's content.

Facts come from the source document (`shared/seed/formation-action-deu-2014.txt`): the
partnership, objectives, public, territories, calendar, place, consultancy and process. What
the source does not say (sessions' themes and programmes, territories' neighbourhoods, teams,
key issues and actions, legal details) is invented, plausible, and flagged as example content
where it sits: on the sections and items it fills (load_demo), never on the source's facts.
"""

import datetime

from editorial.typography import french

ARADEL_NAME = "Association Rhône-Alpes des développeurs économiques locaux"
CRDSU_NAME = (
    "centre de ressources et d'échanges pour le développement social et urbain – Rhône-Alpes"
)

ORGANISATIONS = [
    {
        "short_name": "ARADEL",
        "name": ARADEL_NAME,
        "kind": "centre_ressources",
        "is_partner": True,
        "description": "Centre de ressources régional des développeurs économiques locaux.",
    },
    {
        "short_name": "CR•DSU",
        "name": CRDSU_NAME,
        "kind": "centre_ressources",
        "is_partner": True,
        "description": "Centre de ressources régional de la politique de la ville.",
    },
    {
        "short_name": "Argos",
        "name": "Argos, cabinet extérieur",
        "kind": "cabinet",
        "is_partner": False,
        "description": (
            "Cabinet extérieur à qui ont été confiées la conduite de la formation-action et "
            "l'animation des sessions."
        ),
    },
]

CONSULTANT = {
    "first_name": "Michel",
    "last_name": "Basset",
    "role": "consultant",
    "job_title": "Consultant missionné",
    "organisation": "Argos",
}

OBJECTIVES = [
    "Rapprocher et renforcer les coopérations entre les professionnels du DSU et les "
    "professionnels territoriaux du développement économique local ;",
    "Soutenir la préparation du volet « développement économique » des futurs contrats de "
    "ville, en proposant un cadre technique de réflexion et d'élaboration d'une stratégie "
    "locale ;",
    "Préparer des éléments qui faciliteront les prises de décision des prochaines équipes "
    "municipales.",
]

PROCESS_STEPS = [
    "Le partage de la connaissance sur le quartier et des représentations qui y sont liées ;",
    "Le partage d'une culture commune sur les enjeux à la fois du développement économique et "
    "de la politique de la ville ;",
    "La définition par territoire d'enjeux clés pour le développement économique du quartier "
    "en lien avec la stratégie du territoire ;",
    "L'identification d'actions par territoire répondant aux enjeux identifiés et pouvant avoir "
    "un effet de levier à court terme.",
]

PLACE = {
    "name": "La Verrière des Cordeliers",
    "postal_code": "69560",
    "locality": "Sainte-Colombe",
    "locality_note": "près de Vienne",
    "latitude": "45.526400",
    "longitude": "4.866900",
}

PARTNERSHIP_HTML = (
    f"<p>Cette formation-action est conduite en partenariat entre ARADEL ({ARADEL_NAME}) et le "
    f"CR•DSU ({CRDSU_NAME}).</p>"
    "<p>Elle a rassemblé un groupe de travail mixte de développeurs économiques et de "
    "développeurs sociaux et urbains rhônalpins, en vue de préparer le volet développement "
    "économique des futurs contrats de ville.</p>"
)

HOME = {
    "title": "Développement économique urbain",
    "lead": (
        "Une formation-action conduite en 2014 par ARADEL et le CR•DSU avec huit territoires "
        "volontaires de Rhône-Alpes, pour préparer le volet développement économique des "
        "futurs contrats de ville."
    ),
    "intro": PARTNERSHIP_HTML,
}


def _ul(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


FORMATION_PAGE = {
    "slug": "la-formation",
    "title": "La formation-action",
    "lead": (
        "Présentation de la formation-action intitulée « Développement économique urbain » (2014)."
    ),
    "body": [
        (
            "heading",
            {
                "text": "Un partenariat entre 2 centres de ressources régionaux : ARADEL et CR•DSU",
                "level": "h2",
            },
        ),
        ("paragraph", PARTNERSHIP_HTML),
        ("heading", {"text": "Les objectifs de la formation-action", "level": "h2"}),
        ("paragraph", _ul(OBJECTIVES)),
        (
            "paragraph",
            "<p>La volonté commune du CR•DSU et d'ARADEL était de créer dans le cadre d'une "
            "formation-action répartie sur plusieurs mois, les conditions favorables à ces "
            "échanges, au développement de partenariats concrets, voire à l'essaimage de "
            "projets.</p>",
        ),
        ("heading", {"text": "Le public cible", "level": "h2"}),
        (
            "paragraph",
            "<p>La formation-action a impliqué 8 territoires volontaires, mobilisant à chaque fois "
            "en binôme ou trinôme un chef de projet (service DSU), un responsable "
            "emploi-insertion (service ad hoc ou DSU) et un développeur économique (service "
            "dév. éco), soit un groupe de 20 personnes environ, à chaque séance, toujours les "
            "mêmes.</p>"
            "<p>Les 8 territoires volontaires : <b>Annemasse, Saint-Martin-d'Hères, Grenoble, "
            "Valence Agglo, Saint-Étienne Métropole, Roannais Agglomération, Villeurbanne, "
            "Vénissieux</b>.</p>",
        ),
        ("heading", {"text": "Le cadre et le calendrier de travail", "level": "h2"}),
        (
            "paragraph",
            "<p>La formation-action s'est déroulée en 5 séances de travail (soit 5 journées "
            "complètes), articulant des temps de cadrage, des interventions extérieures mais "
            "aussi et surtout des travaux en séance. Elle a impliqué également des travaux sur "
            "site entre les sessions.</p>"
            "<p>Les 5 sessions se sont déroulées sur 9 mois : 27 mars, 24 avril, 27 mai, "
            "18 septembre et 27 novembre 2014, dans un lieu unique : La Verrière des Cordeliers, "
            "à Sainte-Colombe (près de Vienne).</p>",
        ),
        ("heading", {"text": "Le processus formatif", "level": "h2"}),
        (
            "paragraph",
            "<p>La conduite de la formation-action et l'animation des sessions ont été confiées "
            "à un <b>cabinet extérieur, Argos</b>. <b>Michel Basset</b> est le consultant "
            "missionné.</p>",
        ),
        (
            "steps",
            {
                "intro": (
                    "Le dispositif de travail a été imaginé à partir de l'analyse concrète des "
                    "situations locales, dans une approche coopérative, apprenante et permettant "
                    "d'avancer de façon progressive sur les objectifs suivants :"
                ),
                "steps": [{"title": step, "text": ""} for step in PROCESS_STEPS],
            },
        ),
        ("heading", {"text": "La plateforme collaborative", "level": "h2"}),
        (
            "paragraph",
            "<p>Une plateforme collaborative a également été mise en place pour le groupe afin "
            "de soutenir le processus de formation : capitalisation des documents de travail, "
            "centralisation des programmes de travail et des supports de formation, mise en "
            "ligne de documents de référence sur le développement économique urbain, etc.</p>",
        ),
    ],
}

# The privacy page's words on the directory and the site's e-mails: the items as they were
# before participants edited their entry and chose their news (#19), and as they are now
# (load_demo's « annuaire-et-nouveautes » step replaces the one by the other on demo sites
# built before, where no person has edited the page).
OLD_PRIVACY_DIRECTORY_ITEM = (
    "<li><strong>Annuaire des participants</strong> (nom, prénom, rôle, "
    "organisation, territoire, adresse électronique) : permettre aux participants "
    "de se joindre, la coopération entre professionnels étant le premier objectif "
    "de la formation-action. Il est montré à chaque participant connecté et à "
    "l'équipe, dans l'espace des participants, et nulle part ailleurs sur le site. "
    "Base légale : l'intérêt légitime (article 6.1.f du RGPD) ; chacun peut s'y "
    "opposer.</li>"
)
PRIVACY_DIRECTORY_ITEM = (
    "<li><strong>Annuaire des participants</strong> (nom, prénom, rôle, organisation, "
    "territoire ; téléphone et adresse électronique si la personne les donne) : permettre aux "
    "participants de se joindre, la coopération entre professionnels étant le premier objectif "
    "de la formation-action. Il est montré à chaque participant connecté et à l'équipe, dans "
    "l'espace des participants, et nulle part ailleurs sur le site. L'adresse électronique "
    "n'y est montrée qu'avec l'accord de la personne, qu'elle donne ou retire à tout moment "
    "depuis sa fiche (Mon compte › Ma fiche de l'annuaire) ; elle y corrige aussi son "
    "téléphone, et son nom, son rôle ou son organisation, publiés après validation par "
    "l'équipe puisqu'ils figurent aussi sur les pages des territoires. Base légale : "
    "l'intérêt légitime (article 6.1.f du RGPD) ; chacun peut s'y opposer.</li>"
)
OLD_PRIVACY_MAIL_ITEM = (
    "<li><strong>Courriels du site</strong> : le lien de réinitialisation d'un mot "
    "de passe oublié ; pour l'équipe, les avis du circuit de validation des "
    "pages.</li>"
)
PRIVACY_MAIL_ITEM = (
    "<li><strong>Courriels du site</strong> : le lien de réinitialisation d'un mot de passe "
    "oublié ; pour l'équipe, les avis du circuit de validation des pages ; pour les "
    "participants, les nouveautés de l'espace participants qu'ils peuvent voir, chaque "
    "semaine par défaut, à chaque nouveauté ou jamais, à leur choix (Mon compte › Nouveautés "
    "par courriel). Chaque courriel de nouveautés porte un lien qui désabonne sans se "
    "connecter ; le site retient seulement la fréquence choisie et la date du dernier "
    "envoi.</li>"
)


LEGAL_PAGES = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "footer_field": "legal_notice_page",
        "lead": "Les informations légales relatives à ce site.",
        "body": [
            ("heading", {"text": "Éditeurs du site", "level": "h2"}),
            (
                "paragraph",
                "<p>Ce site est édité conjointement par ARADEL (" + ARADEL_NAME + ") et le "
                "CR•DSU (" + CRDSU_NAME + ").</p>"
                "<p>Adresses postales, numéros d'immatriculation et directeur ou directrice de la "
                "publication : à compléter par les éditeurs.</p>",
            ),
            ("heading", {"text": "Hébergement", "level": "h2"}),
            ("paragraph", "<p>Nom, adresse et téléphone de l'hébergeur : à compléter.</p>"),
            ("heading", {"text": "Propriété intellectuelle", "level": "h2"}),
            (
                "paragraph",
                "<p>Les documents publiés dans la capitalisation restent la propriété de leurs "
                "auteurs. Ils peuvent être cités en indiquant leur source.</p>",
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "footer_field": "accessibility_page",
        # The invented parts are passages marked one by one (« example »), not the page.
        "example_content": False,
        "lead": (
            "ARADEL et le CR•DSU s'engagent à rendre leur site accessible, conformément à "
            "l'article 47 de la loi n° 2005-102 du 11 février 2005 et au décret n° 2019-768 du "
            "24 juillet 2019. Cette déclaration d'accessibilité s'applique au site "
            "« Développement économique urbain »."
        ),
        "body": [
            ("heading", {"text": "Schéma pluriannuel et plan d'action", "level": "h2"}),
            (
                "paragraph",
                "<p>La loi demande un schéma pluriannuel de mise en accessibilité, de trois ans "
                "au plus, rendu public et décliné en plans d'action annuels.</p>",
            ),
            (
                "example",
                "<p>Schéma pluriannuel 2026-2028 : un audit de conformité au RGAA par un "
                "prestataire extérieur en 2026, la correction de ses non-conformités et la "
                "vérification des documents publiés dans l'année qui suit, un nouvel audit en "
                "2028. Plan d'action 2026 : l'audit, la formation des éditeurs à la rédaction "
                "de documents accessibles, la mise à jour de cette déclaration.</p>",
            ),
            ("heading", {"text": "État de conformité", "level": "h2"}),
            ("accessibility_status", None),
            ("heading", {"text": "Résultats des tests", "level": "h2"}),
            (
                "paragraph",
                "<p>Aucun audit n'ayant été réalisé, aucun taux de conformité ne peut être "
                "donné. L'équipe du site vérifie à chaque modification, de façon automatisée, "
                "l'absence d'erreur détectée par le moteur axe-core (règles WCAG 2.1 niveaux A "
                "et AA) sur chaque type de page, sur ordinateur et sur mobile, ainsi que la "
                "navigation au clavier seul dans le menu principal et les filtres de la "
                "bibliothèque. Ces vérifications ne couvrent qu'une partie des critères du "
                "RGAA et ne remplacent pas un audit.</p>",
            ),
            ("heading", {"text": "Contenus non accessibles", "level": "h2"}),
            (
                "paragraph",
                "<p><strong>Non-conformités</strong> : faute d'audit, leur liste n'est pas "
                "établie.</p>"
                "<p><strong>Dérogations pour charge disproportionnée</strong> : aucune.</p>"
                "<p><strong>Contenus non soumis à l'obligation d'accessibilité</strong> : les "
                "fichiers bureautiques publiés avant le 23 septembre 2018 (article 3 du décret "
                "n° 2019-768), dont les archives de la formation-action de 2014 ; leur texte "
                "est repris dans la recherche de la bibliothèque.</p>"
                "<p>La carte des territoires est une illustration : la liste numérotée qui "
                "l'accompagne donne accès aux mêmes pages.</p>",
            ),
            ("heading", {"text": "Établissement de cette déclaration", "level": "h2"}),
            (
                "paragraph",
                "<p>Technologies utilisées pour la réalisation du site : HTML5, CSS, SVG et un "
                "court script JavaScript facultatif (sans lui, tout fonctionne).</p>"
                "<p>Environnement de test : le navigateur Chromium (Debian), à 1280 et "
                "375 pixels de large, avec le moteur axe-core, et le clavier seul. Aucune "
                "technologie d'assistance (lecteur d'écran, agrandisseur) n'a encore été "
                "utilisée pour les vérifications.</p>"
                "<p>Outils pour évaluer l'accessibilité : axe-core, dans Chromium piloté par "
                "Playwright.</p>"
                "<p>Pages du site ayant fait l'objet de la vérification : l'accueil (/), la "
                "présentation de la formation-action (/la-formation/), la liste des séances "
                "(/sessions/) et une séance (/sessions/seance-1/), la liste des territoires "
                "(/territoires/) et un territoire (/territoires/grenoble/), la bibliothèque "
                "(/ressources/) et une collection (/ressources/supports-de-formation/), la "
                "recherche (/recherche/), la connexion (/connexion/), la page « introuvable », "
                "l'espace des participants (/espace-participants/), le changement de mot de "
                "passe et la déconnexion.</p>",
            ),
            (
                "example",
                "<p>Cette déclaration a été établie le 1er décembre 2026 et mise à jour le "
                "1er décembre 2026.</p>",
            ),
            ("heading", {"text": "Retour d'information et contact", "level": "h2"}),
            (
                "paragraph",
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez "
                "contacter les éditeurs du site pour être orienté vers une alternative "
                "accessible ou obtenir le contenu sous une autre forme :</p>",
            ),
            (
                "example",
                "<ul><li>par courriel : accessibilite@example.org ;</li>"
                "<li>par courrier : ARADEL, service communication, 1 rue de l'Exemple, "
                "69000 Lyon.</li></ul>",
            ),
            ("heading", {"text": "Voies de recours", "level": "h2"}),
            (
                "paragraph",
                "<p>Cette procédure est à utiliser dans le cas suivant : vous avez signalé au "
                "responsable du site un défaut d'accessibilité qui vous empêche d'accéder à un "
                "contenu ou à un des services du site et vous n'avez pas obtenu de réponse "
                "satisfaisante. Vous pouvez :</p>"
                "<ul><li>écrire un message au Défenseur des droits (formulaire en ligne sur "
                "defenseurdesdroits.fr) ;</li>"
                "<li>contacter le délégué du Défenseur des droits dans votre région ;</li>"
                "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
                "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>",
            ),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "footer_field": "privacy_page",
        "example_content": False,
        "lead": (
            "Ce que ce site fait des données personnelles, pourquoi, combien de temps, qui les "
            "voit, et vos droits (règlement général sur la protection des données, RGPD, et "
            "loi Informatique et Libertés)."
        ),
        "body": [
            ("heading", {"text": "Responsables du traitement", "level": "h2"}),
            (
                "paragraph",
                "<p>ARADEL (" + ARADEL_NAME + ") et le CR•DSU (" + CRDSU_NAME + "), qui "
                "éditent ensemble ce site, sont responsables conjoints des traitements décrits "
                "ici.</p>",
            ),
            (
                "example",
                "<p>Contact pour les données personnelles : donnees-personnelles@example.org, "
                "ou par courrier : ARADEL, délégué à la protection des données, 1 rue de "
                "l'Exemple, 69000 Lyon.</p>",
            ),
            ("heading", {"text": "Données traitées, finalités et bases légales", "level": "h2"}),
            (
                "paragraph",
                "<p>Le visiteur qui ne se connecte pas ne donne aucune donnée au site, hormis "
                "ce que note le journal du serveur web (plus bas). Le site ne dépose aucun "
                "cookie de mesure d'audience ni de publicité et ne charge aucune ressource "
                "depuis un autre site.</p>"
                "<ul>"
                "<li><strong>Comptes des participants et de l'équipe</strong> (identifiant, "
                "nom, prénom, adresse électronique, mot de passe chiffré, groupe) : donner aux "
                "participants l'accès aux contenus qui leur sont réservés, et à l'équipe "
                "d'ARADEL et du CR•DSU l'accès à l'administration. Base légale : l'intérêt "
                "légitime des deux associations à conduire la formation-action et à réserver "
                "ses documents de travail au groupe (article 6.1.f du RGPD).</li>"
                + PRIVACY_DIRECTORY_ITEM
                + "<li><strong>Traces de connexion</strong> (identifiant saisi, adresse IP, "
                "navigateur, date et heure, réussite ou échec) : protéger les comptes contre "
                "les essais de mots de passe, en bloquant un temps les connexions après "
                "plusieurs échecs. Base légale : l'intérêt légitime et l'obligation de "
                "sécurité (articles 6.1.f et 32 du RGPD).</li>"
                "<li><strong>Journal du serveur web</strong> (adresse IP, date et heure, "
                "adresse demandée, navigateur) : assurer la sécurité et le bon fonctionnement "
                "du site, diagnostiquer les pannes. Base légale : l'intérêt légitime (article "
                "6.1.f du RGPD).</li>" + PRIVACY_MAIL_ITEM + "</ul>"
                "<p>Les erreurs techniques sont signalées à l'équipe sans donnée personnelle "
                "(ni utilisateur, ni adresse IP, ni cookie). Les téléchargements de documents "
                "sont comptés par document et par mois, sans rien retenir de la "
                "personne.</p>",
            ),
            ("heading", {"text": "Cookies", "level": "h2"}),
            (
                "paragraph",
                "<p>Le site public dépose deux cookies, et seulement ceux-là :</p>"
                "<ul><li><strong>sessionid</strong>, à la connexion : il garde la personne "
                "connectée ;</li>"
                "<li><strong>csrftoken</strong>, quand une page porte un formulaire (la "
                "connexion par exemple) : il empêche un autre site d'envoyer un formulaire à "
                "votre place.</li></ul>"
                "<p>Tous deux sont strictement nécessaires au service que vous demandez "
                "(vous connecter, envoyer un formulaire) : l'article 82 de la loi "
                "Informatique et Libertés les dispense de consentement, comme le rappellent "
                "les lignes directrices de la CNIL sur les cookies. C'est pourquoi le site "
                "n'affiche aucun bandeau : il n'y a rien à accepter ni à refuser.</p>",
            ),
            ("heading", {"text": "Durées de conservation", "level": "h2"}),
            (
                "paragraph",
                "<p>Les durées ci-dessous sont celles que le site applique lui-même : une "
                "tâche supprime chaque jour ce qui les a dépassées.</p>",
            ),
            ("retention_periods", None),
            (
                "example",
                "<p>Le journal du serveur web est tenu par l'hébergeur et conservé 6 mois, "
                "puis supprimé ; les sauvegardes du site, qui contiennent les comptes et "
                "l'annuaire, sont conservées 30 jours.</p>",
            ),
            ("heading", {"text": "Destinataires", "level": "h2"}),
            (
                "paragraph",
                "<p>Les administrateurs du site, membres des équipes d'ARADEL et du CR•DSU, "
                "pour l'ensemble des données ; les participants connectés, pour l'annuaire "
                "seulement. Aucune donnée n'est vendue, ni cédée, ni utilisée à des fins "
                "publicitaires.</p>",
            ),
            (
                "example",
                "<p>Hébergeur, sous-traitant au sens du RGPD : Hébergeur Exemple SAS, 2 rue "
                "de l'Exemple, 75000 Paris ; les données restent dans l'Union européenne.</p>",
            ),
            ("heading", {"text": "Vos droits", "level": "h2"}),
            (
                "paragraph",
                "<p>Vous pouvez accéder aux données qui vous concernent, les faire rectifier "
                "ou effacer, demander la limitation de leur traitement, vous y opposer "
                "(l'annuaire, par exemple) et recevoir celles que vous avez fournies dans un "
                "format lisible par machine (portabilité), selon les articles 15 à 21 du "
                "RGPD. Vous pouvez aussi définir des directives sur le sort de vos données "
                "après votre décès (article 85 de la loi Informatique et Libertés). Écrivez au "
                "contact pour les données personnelles indiqué plus haut ; une réponse vous "
                "est donnée dans le mois.</p>"
                "<p>Si vous estimez, après nous avoir contactés, que vos droits ne sont pas "
                "respectés, vous pouvez adresser une réclamation à la CNIL (Commission "
                "nationale de l'informatique et des libertés), en ligne sur cnil.fr ou par "
                "courrier : CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.</p>",
            ),
        ],
    },
]


def privacy_retention(days):
    """How long the privacy page says personal data is kept (people.purge_personal_data)."""
    return [
        ("heading", {"text": "Durées de conservation", "level": "h2"}),
        (
            "paragraph",
            "<p>Les traces de connexion (identifiant, adresse IP, navigateur, date et heure) "
            f"servent à protéger les comptes ; elles sont conservées {days} jours, puis "
            "supprimées chaque jour. Une session dure au plus deux semaines ; les sessions "
            "expirées sont supprimées chaque jour. Les comptes sont conservés jusqu'à la fin "
            "de la plateforme ou jusqu'à votre demande d'effacement. Les téléchargements sont "
            "comptés par document et par mois, sans rien retenir de la personne.</p>",
        ),
    ]


INDEX_PAGES = {
    "sessions": {
        "title": "Les séances",
        "intro": (
            "<p>La formation-action s'est déroulée en 5 séances de travail (soit 5 journées "
            "complètes), du 27 mars au 27 novembre 2014, dans un lieu unique : La Verrière des "
            "Cordeliers, à Sainte-Colombe (près de Vienne). Des travaux sur site ont été conduits "
            "entre les sessions.</p>"
        ),
    },
    "territoires": {
        "title": "Les territoires",
        "intro": (
            "<p>8 territoires volontaires ont participé à la formation-action, chacun avec un "
            "binôme ou un trinôme : un chef de projet (service DSU), un responsable "
            "emploi-insertion (service ad hoc ou DSU) et un développeur économique (service "
            "dév. éco).</p>"
        ),
    },
    "ressources": {
        "title": "Ressources",
        "intro": (
            "<p>La capitalisation de la formation-action : programmes de travail, supports de "
            "formation, documents de travail des territoires et documents de référence sur le "
            "développement économique urbain.</p>"
        ),
    },
}

THEMES = [
    ("Politique de la ville", "politique-de-la-ville"),
    ("Développement économique local", "developpement-economique-local"),
    ("Emploi et insertion", "emploi-et-insertion"),
    ("Commerce et services de proximité", "commerce-et-services-de-proximite"),
    ("Création d'activité", "creation-d-activite"),
    ("Contrats de ville", "contrats-de-ville"),
]


def _slot(start, end, kind, title, speakers="", description=""):
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "title": title,
        "speakers": speakers,
        "description": description,
    }


ARGOS = "Michel Basset (Argos)"

SESSIONS = [
    {
        "number": 1,
        "date": datetime.date(2014, 3, 27),
        "theme": "Partager la connaissance du quartier et de ses représentations",
        "summary": (
            "Lancement de la formation-action : les équipes des huit territoires se présentent "
            "et croisent leurs regards sur leur quartier prioritaire."
        ),
        "objectives": [
            "Faire connaissance et constituer le groupe de travail",
            "Partager la connaissance de chaque quartier et les représentations qui y sont liées",
            "S'accorder sur le calendrier et la méthode de travail",
        ],
        "programme": [
            _slot("09:30", "10:00", "pause", "Accueil des participants"),
            _slot(
                "10:00",
                "10:45",
                "cadrage",
                "Ouverture et présentation de la formation-action",
                "ARADEL, CR•DSU, " + ARGOS,
            ),
            _slot(
                "10:45",
                "12:30",
                "travaux",
                "Portraits croisés des quartiers",
                ARGOS,
                "Chaque équipe présente son quartier ; les autres territoires réagissent.",
            ),
            _slot("12:30", "13:45", "pause", "Déjeuner"),
            _slot(
                "13:45",
                "15:30",
                "travaux",
                "Représentations du quartier : ce qu'en disent les acteurs",
                ARGOS,
            ),
            _slot(
                "15:30",
                "16:30",
                "restitution",
                "Restitution et préparation des travaux sur site",
                ARGOS,
            ),
        ],
        "report": (
            "<p>Les huit équipes ont présenté leur quartier à partir d'une grille commune. Les "
            "échanges ont montré des représentations très différentes selon les métiers : le "
            "quartier comme lieu de difficultés pour les uns, comme gisement d'activités et de "
            "main-d'œuvre pour les autres.</p>"
        ),
        "on_site_work": (
            "<p>Chaque équipe réunit les services concernés pour compléter le portrait "
            "économique du quartier : entreprises, commerces, locaux vacants, demandeurs "
            "d'emploi.</p>"
        ),
    },
    {
        "number": 2,
        "date": datetime.date(2014, 4, 24),
        "theme": "Une culture commune du développement économique et de la politique de la ville",
        "summary": (
            "Apports croisés sur le développement économique local et la politique de la ville, "
            "et lecture des portraits économiques des quartiers."
        ),
        "objectives": [
            "Partager les notions clés du développement économique et de la politique de la ville",
            "Connaître les outils mobilisables dans les quartiers prioritaires",
            "Lire ensemble les portraits économiques réalisés sur site",
        ],
        "programme": [
            _slot("09:30", "10:00", "pause", "Accueil"),
            _slot(
                "10:00",
                "11:00",
                "intervention",
                "Le développement économique dans la réforme de la politique de la ville",
                "Un chercheur en économie territoriale",
            ),
            _slot("11:00", "12:30", "travaux", "Lecture croisée des portraits économiques", ARGOS),
            _slot("12:30", "13:45", "pause", "Déjeuner"),
            _slot(
                "13:45",
                "15:15",
                "intervention",
                "Outils et dispositifs : création d'activité, commerce, emploi",
                "ARADEL",
            ),
            _slot(
                "15:15", "16:30", "restitution", "Ce que nous retenons pour nos territoires", ARGOS
            ),
        ],
        "report": (
            "<p>Les apports ont permis de partager un vocabulaire commun. Les participants ont "
            "relevé l'intérêt de relier les stratégies économiques d'agglomération et les "
            "projets de quartier.</p>"
        ),
        "on_site_work": (
            "<p>Identifier, avec les élus et les partenaires, les enjeux économiques que le "
            "futur contrat de ville devra traiter.</p>"
        ),
    },
    {
        "number": 3,
        "date": datetime.date(2014, 5, 27),
        "theme": "Définir les enjeux clés du développement économique du quartier",
        "summary": (
            "Chaque territoire formule ses enjeux clés, en lien avec la stratégie économique "
            "de son agglomération."
        ),
        "objectives": [
            "Formuler deux à trois enjeux clés par territoire",
            "Les relier à la stratégie économique du territoire",
            "Mettre les enjeux à l'épreuve du regard des autres équipes",
        ],
        "programme": [
            _slot("09:30", "10:00", "pause", "Accueil"),
            _slot("10:00", "10:30", "cadrage", "Qu'est-ce qu'un enjeu clé ?", ARGOS),
            _slot(
                "10:30", "12:30", "travaux", "Ateliers par territoire : formuler les enjeux", ARGOS
            ),
            _slot("12:30", "13:45", "pause", "Déjeuner"),
            _slot(
                "13:45",
                "15:30",
                "travaux",
                "Controverse : chaque équipe soumet ses enjeux aux autres",
                ARGOS,
            ),
            _slot("15:30", "16:30", "restitution", "Synthèse des enjeux", ARGOS),
        ],
        "report": (
            "<p>Les enjeux formulés se regroupent autour de trois familles : l'accès à l'emploi "
            "des habitants, le maintien d'une offre commerciale et de services, et l'accueil "
            "d'activités nouvelles dans le quartier.</p>"
        ),
        "on_site_work": (
            "<p>Valider les enjeux clés avec la direction de projet et repérer les actions "
            "possibles à court terme.</p>"
        ),
    },
    {
        "number": 4,
        "date": datetime.date(2014, 9, 18),
        "theme": "Identifier des actions à effet de levier à court terme",
        "summary": (
            "Les équipes passent des enjeux aux actions : des projets concrets, réalisables à "
            "court terme, qui peuvent avoir un effet de levier."
        ),
        "objectives": [
            "Identifier des actions répondant aux enjeux clés",
            "Évaluer leur faisabilité et leur effet de levier",
            "Préparer la présentation des actions aux décideurs",
        ],
        "programme": [
            _slot("09:30", "10:00", "pause", "Accueil"),
            _slot(
                "10:00",
                "11:00",
                "intervention",
                "Retours d'expérience d'actions économiques en quartier prioritaire",
                "Deux territoires invités",
            ),
            _slot("11:00", "12:30", "travaux", "Ateliers : des enjeux aux actions", ARGOS),
            _slot("12:30", "13:45", "pause", "Déjeuner"),
            _slot(
                "13:45",
                "15:30",
                "travaux",
                "Fiches actions : porteurs, partenaires, calendrier",
                ARGOS,
            ),
            _slot("15:30", "16:30", "restitution", "Tour de table des actions retenues", ARGOS),
        ],
        "report": (
            "<p>Chaque territoire a retenu deux ou trois actions, décrites dans une fiche "
            "action commune : objectif, porteur, partenaires, calendrier et premiers pas.</p>"
        ),
        "on_site_work": (
            "<p>Présenter les fiches actions aux élus et aux partenaires, et engager les "
            "premières démarches.</p>"
        ),
    },
    {
        "number": 5,
        "date": datetime.date(2014, 11, 27),
        "theme": "Restitution et capitalisation : vers le volet économique des contrats de ville",
        "summary": (
            "Dernière séance : les territoires restituent leurs travaux et le groupe capitalise "
            "ce qu'il a appris pour les futurs contrats de ville."
        ),
        "objectives": [
            "Restituer les enjeux et les actions de chaque territoire",
            "Capitaliser les enseignements de la formation-action",
            "Préparer les suites dans les contrats de ville",
        ],
        "programme": [
            _slot("09:30", "10:00", "pause", "Accueil"),
            _slot(
                "10:00",
                "12:30",
                "restitution",
                "Restitution des huit territoires",
                "Les équipes des territoires",
            ),
            _slot("12:30", "13:45", "pause", "Déjeuner"),
            _slot("13:45", "15:15", "travaux", "Ce que la formation-action nous a appris", ARGOS),
            _slot("15:15", "16:30", "cadrage", "Suites et clôture", "ARADEL, CR•DSU"),
        ],
        "report": (
            "<p>La restitution a confirmé l'intérêt du travail en binôme ou trinôme entre "
            "développeurs économiques et professionnels du DSU. Les enseignements sont réunis "
            "dans la capitalisation.</p>"
        ),
        "on_site_work": "",
    },
]


def _person(first, last, role, service):
    return {"first_name": first, "last_name": last, "role": role, "service": service}


DSU = "chef_projet_dsu"
EMPLOI = "responsable_emploi_insertion"
DEVECO = "developpeur_economique"

TERRITORIES = [
    {
        "slug": "annemasse",
        "title": "Annemasse",
        "kind": "commune",
        "department": "Haute-Savoie (74)",
        "organisation": "Ville d'Annemasse",
        "latitude": "46.193400",
        "longitude": "6.234000",
        "summary": "Ville frontalière de l'agglomération genevoise, où l'emploi suisse voisine avec un chômage élevé dans les quartiers.",
        "neighbourhoods": [("Le Perrier", "Annemasse"), ("Château-Rouge", "Annemasse")],
        "team": [
            _person("Claire", "Morel", DSU, "service politique de la ville"),
            _person("Julien", "Favre", EMPLOI, "maison de l'emploi"),
            _person("Sophie", "Duret", DEVECO, "service développement économique"),
        ],
        "knowledge": "Des quartiers proches du centre et de la gare, bien desservis, mais dont les habitants accèdent peu aux emplois de l'agglomération.",
        "issues": [
            (
                "Ouvrir l'accès des habitants aux emplois de l'agglomération",
                "Lever les freins de mobilité, de langue et de garde d'enfants.",
            ),
            (
                "Maintenir des commerces de pied d'immeuble",
                "Des cellules commerciales vacantes à remettre en activité.",
            ),
        ],
        "actions": [
            (
                "Forum emploi dans le quartier avec les entreprises du bassin",
                "engagee",
                "Maison de l'emploi",
            ),
            (
                "Inventaire des locaux commerciaux vacants",
                "realisee",
                "Service développement économique",
            ),
        ],
    },
    {
        "slug": "saint-martin-dheres",
        "title": "Saint-Martin-d'Hères",
        "kind": "commune",
        "department": "Isère (38)",
        "organisation": "Ville de Saint-Martin-d'Hères",
        "latitude": "45.167200",
        "longitude": "5.765300",
        "summary": "Commune de l'agglomération grenobloise, voisine du domaine universitaire.",
        "neighbourhoods": [("Renaudie – Champberton – La Plaine", "Saint-Martin-d'Hères")],
        "team": [
            _person("Nadia", "Benali", DSU, "service DSU"),
            _person("Thomas", "Girard", DEVECO, "service développement économique"),
        ],
        "knowledge": "Un quartier jeune, proche du campus, où l'envie d'entreprendre existe mais trouve peu d'appuis sur place.",
        "issues": [
            (
                "Accompagner la création d'activité des habitants",
                "Rapprocher les structures d'appui à la création du quartier.",
            ),
            (
                "Tirer parti de la proximité du campus",
                "Stages, emplois étudiants et projets tutorés avec les entreprises du quartier.",
            ),
        ],
        "actions": [
            (
                "Permanence mensuelle d'aide à la création d'entreprise",
                "engagee",
                "Service développement économique",
            ),
            ("Rencontre entre étudiants et commerçants du quartier", "proposee", "Service DSU"),
        ],
    },
    {
        "slug": "grenoble",
        "title": "Grenoble",
        "kind": "commune",
        "department": "Isère (38)",
        "organisation": "Ville de Grenoble",
        "latitude": "45.188500",
        "longitude": "5.724500",
        "summary": "Ville-centre de l'agglomération, avec de grands quartiers d'habitat social au sud.",
        "neighbourhoods": [("Villeneuve – Village Olympique", "Grenoble"), ("Mistral", "Grenoble")],
        "team": [
            _person("Laurent", "Chevalier", DSU, "mission politique de la ville"),
            _person("Amandine", "Roux", EMPLOI, "service emploi-insertion"),
            _person("Karim", "Haddad", DEVECO, "direction de l'économie"),
        ],
        "knowledge": "Des quartiers dotés de locaux d'activité sous-occupés et d'un tissu associatif dense.",
        "issues": [
            (
                "Remettre en activité les locaux en pied d'immeuble",
                "Trouver des preneurs et adapter les loyers.",
            ),
            (
                "Relier les clauses d'insertion aux habitants du quartier",
                "Les grands chantiers comme porte d'entrée vers l'emploi.",
            ),
            (
                "Soutenir l'économie sociale et solidaire",
                "Appuyer les structures déjà présentes dans le quartier.",
            ),
        ],
        "actions": [
            (
                "Appel à projets pour l'occupation de locaux vacants",
                "en_preparation",
                "Direction de l'économie",
            ),
            (
                "Suivi des heures d'insertion des chantiers de rénovation",
                "engagee",
                "Service emploi-insertion",
            ),
        ],
    },
    {
        "slug": "valence-agglo",
        "title": "Valence Agglo",
        "kind": "agglomeration",
        "department": "Drôme (26)",
        "organisation": "Valence Agglo",
        "latitude": "44.933400",
        "longitude": "4.892400",
        "summary": "Agglomération de la vallée du Rhône, dont les quartiers prioritaires se situent surtout à Valence.",
        "neighbourhoods": [("Fontbarlettes", "Valence"), ("Le Plan", "Valence")],
        "team": [
            _person("Isabelle", "Fournier", DSU, "service politique de la ville"),
            _person("Mehdi", "Saïdi", EMPLOI, "service emploi-insertion"),
            _person("Pierre", "Lambert", DEVECO, "service développement économique"),
        ],
        "knowledge": "Des quartiers à l'écart des zones d'activités de l'agglomération, où le commerce de proximité s'est fragilisé.",
        "issues": [
            (
                "Rapprocher les zones d'activités et les quartiers",
                "Faire connaître les emplois des zones d'activités aux habitants.",
            ),
            ("Conforter le centre commercial de quartier", "Un lieu de vie à maintenir."),
        ],
        "actions": [
            (
                "Visites d'entreprises des zones d'activités pour les demandeurs d'emploi",
                "realisee",
                "Service emploi-insertion",
            ),
            (
                "Étude de repositionnement du centre commercial",
                "en_preparation",
                "Service développement économique",
            ),
        ],
    },
    {
        "slug": "saint-etienne-metropole",
        "title": "Saint-Étienne Métropole",
        "kind": "agglomeration",
        "department": "Loire (42)",
        "organisation": "Saint-Étienne Métropole",
        "latitude": "45.434700",
        "longitude": "4.390300",
        "summary": "Intercommunalité stéphanoise, marquée par la reconversion industrielle.",
        "neighbourhoods": [
            ("Montreynaud", "Saint-Étienne"),
            ("Tarentaize – Beaubrun", "Saint-Étienne"),
        ],
        "team": [
            _person("Élodie", "Perrin", DSU, "direction de projet politique de la ville"),
            _person("François", "Bonnet", DEVECO, "direction du développement économique"),
        ],
        "knowledge": "Des quartiers anciens et d'habitat social où subsistent des savoir-faire industriels et artisanaux.",
        "issues": [
            (
                "Valoriser les savoir-faire artisanaux du quartier",
                "Des artisans installés mais peu visibles.",
            ),
            (
                "Faciliter l'implantation d'activités nouvelles",
                "Des friches et locaux à reconvertir.",
            ),
        ],
        "actions": [
            (
                "Annuaire des artisans du quartier",
                "engagee",
                "Direction du développement économique",
            ),
            (
                "Pépinière d'activités dans un ancien local industriel",
                "proposee",
                "Direction de projet politique de la ville",
            ),
        ],
    },
    {
        "slug": "roannais-agglomeration",
        "title": "Roannais Agglomération",
        "kind": "agglomeration",
        "department": "Loire (42)",
        "organisation": "Roannais Agglomération",
        "latitude": "46.036000",
        "longitude": "4.068000",
        "summary": "Agglomération du nord de la Loire, au tissu industriel textile et mécanique.",
        "neighbourhoods": [("Le Parc", "Roanne"), ("Mâtel", "Roanne")],
        "team": [
            _person("Sandrine", "Mercier", DSU, "service politique de la ville"),
            _person("David", "Garnier", EMPLOI, "service emploi-insertion"),
            _person("Hélène", "Faure", DEVECO, "service développement économique"),
        ],
        "knowledge": "Des entreprises industrielles qui peinent à recruter, à quelques minutes de quartiers où le chômage reste élevé.",
        "issues": [
            (
                "Répondre aux besoins de recrutement de l'industrie locale",
                "Former les habitants aux métiers en tension.",
            ),
            ("Lever les freins à la mobilité", "Des horaires et des sites mal desservis."),
        ],
        "actions": [
            ("Parcours découverte des métiers industriels", "engagee", "Service emploi-insertion"),
            (
                "Aide au permis de conduire pour les demandeurs d'emploi du quartier",
                "proposee",
                "Service politique de la ville",
            ),
        ],
    },
    {
        "slug": "villeurbanne",
        "title": "Villeurbanne",
        "kind": "commune",
        "department": "Rhône (69)",
        "organisation": "Ville de Villeurbanne",
        "latitude": "45.766600",
        "longitude": "4.879500",
        "summary": "Deuxième ville de l'agglomération lyonnaise, dense et active.",
        "neighbourhoods": [("Saint-Jean", "Villeurbanne"), ("Les Buers", "Villeurbanne")],
        "team": [
            _person("Marion", "Blanc", DSU, "mission DSU"),
            _person("Yannick", "Robin", EMPLOI, "service emploi-insertion"),
            _person("Lucie", "Arnaud", DEVECO, "service développement économique"),
        ],
        "knowledge": "Un quartier enclavé entre canal et périphérique, avec du foncier économique disponible.",
        "issues": [
            (
                "Accueillir des entreprises sur le foncier disponible",
                "Des terrains à vocation économique au contact du quartier.",
            ),
            ("Associer les habitants aux emplois créés", "Des engagements d'embauche locale."),
        ],
        "actions": [
            (
                "Charte d'embauche locale avec les entreprises qui s'implantent",
                "en_preparation",
                "Service emploi-insertion",
            ),
            (
                "Présentation du foncier disponible aux réseaux d'entreprises",
                "realisee",
                "Service développement économique",
            ),
        ],
    },
    {
        "slug": "venissieux",
        "title": "Vénissieux",
        "kind": "commune",
        "department": "Rhône (69)",
        "organisation": "Ville de Vénissieux",
        "latitude": "45.697200",
        "longitude": "4.886000",
        "summary": "Commune industrielle du sud de l'agglomération lyonnaise.",
        "neighbourhoods": [("Les Minguettes", "Vénissieux")],
        "team": [
            _person("Rachid", "Mansouri", DSU, "direction de projet DSU"),
            _person("Véronique", "Colin", DEVECO, "service développement économique"),
        ],
        "knowledge": "Un grand quartier en renouvellement urbain, voisin de zones industrielles importantes.",
        "issues": [
            (
                "Profiter du renouvellement urbain pour créer de l'activité",
                "Locaux d'activité et commerces dans les nouveaux programmes.",
            ),
            (
                "Rapprocher les habitants des entreprises des zones industrielles voisines",
                "Des emplois proches mais peu accessibles.",
            ),
        ],
        "actions": [
            (
                "Rez-de-chaussée actifs dans les nouveaux immeubles",
                "en_preparation",
                "Direction de projet DSU",
            ),
            (
                "Petits-déjeuners entreprises et demandeurs d'emploi",
                "engagee",
                "Service développement économique",
            ),
        ],
    },
]

DEMO_USERS = [
    {
        "username": "admin",
        "first_name": "Administratrice",
        "last_name": "du site",
        "is_superuser": True,
        "role_label": "administrateur",
    },
    {
        "username": "editeur.aradel",
        "first_name": "Éditrice",
        "last_name": "ARADEL",
        "role_label": "éditeur (ARADEL)",
    },
    {
        "username": "editeur.crdsu",
        "first_name": "Éditeur",
        "last_name": "CR•DSU",
        "role_label": "éditeur (CR•DSU)",
    },
    {
        "username": "relecteur",
        "first_name": "Relecteur",
        "last_name": "partenaire",
        "role_label": "relecteur",
    },
    {
        "username": "participant",
        "first_name": "Participante",
        "last_name": "de démonstration",
        "role_label": "participant",
    },
]
# The publisher account arrived with the roles (a later demo step): see PUBLISHER_USER.


# Demo documents: generated files whose text is drawn from the content above.

REFERENCES = [
    {
        "title": "Le développement économique dans les quartiers prioritaires : repères",
        "themes": ["developpement-economique-local", "politique-de-la-ville"],
        "sections": [
            (
                "Pourquoi parler d'économie dans les quartiers ?",
                [
                    "Les quartiers prioritaires de la politique de la ville concentrent des "
                    "habitants éloignés de l'emploi, mais aussi des entreprises, des commerces "
                    "et des porteurs de projets.",
                    "Le développement économique urbain cherche à relier la stratégie "
                    "économique du territoire et le projet de quartier.",
                ],
            ),
            (
                "Trois leviers",
                [
                    "L'accès des habitants à l'emploi, l'offre commerciale et de services de "
                    "proximité, et l'accueil d'activités nouvelles dans le quartier.",
                ],
            ),
        ],
    },
    {
        "title": "Le volet économique des contrats de ville : cadre et méthode",
        "themes": ["contrats-de-ville", "developpement-economique-local"],
        "sections": [
            (
                "Un pilier des futurs contrats de ville",
                [
                    "Les futurs contrats de ville comportent un pilier « développement "
                    "économique et emploi », à construire avec les intercommunalités.",
                    "Ce document propose une méthode : diagnostic partagé, enjeux clés, "
                    "actions à effet de levier et suivi.",
                ],
            ),
        ],
    },
    {
        "title": "Commerce et services de proximité en quartier prioritaire",
        "themes": ["commerce-et-services-de-proximite"],
        "sections": [
            (
                "Constats",
                [
                    "Les cellules commerciales vacantes fragilisent les centres de quartier.",
                    "Des outils existent : foncières de redynamisation, accompagnement des "
                    "commerçants, animation commerciale.",
                ],
            ),
        ],
    },
]


def _session_sections(session):
    programme = [
        f"{slot['start']} – {slot['end']} : {slot['title']}"
        + (f" ({slot['speakers']})" if slot["speakers"] else "")
        for slot in session["programme"]
    ]
    return [
        ("Thème de la séance", [session["theme"], session["summary"]]),
        ("Objectifs", session["objectives"]),
        ("Programme", programme),
    ]


def _strip_tags(html_text):
    import re

    return re.sub(r"<[^>]+>", "", html_text)


FRENCH_MONTHS = {
    1: "janvier",
    2: "février",
    3: "mars",
    4: "avril",
    5: "mai",
    6: "juin",
    7: "juillet",
    8: "août",
    9: "septembre",
    10: "octobre",
    11: "novembre",
    12: "décembre",
}


def demo_documents():
    """Specifications of the demo's documents: at least 30, spread over types and places."""
    documents = []
    place = f"{PLACE['name']}, {PLACE['locality']} ({PLACE['locality_note']})"
    for session in SESSIONS:
        number = session["number"]
        day = session["date"]
        when = f"Séance {number} du {day.day} {FRENCH_MONTHS[day.month]} {day.year}, {place}"
        documents.append(
            {
                "title": f"Programme de la séance {number}",
                "kind": "programme",
                "extension": "pdf",
                "subtitle": when,
                "sections": _session_sections(session),
                "session": number,
                "themes": ["politique-de-la-ville"],
                "public": True,
                "date": session["date"],
                "organisation": "Argos",
            }
        )
        documents.append(
            {
                "title": f"Support de formation — séance {number} : {session['theme']}",
                "kind": "support_formation",
                "extension": "pdf",
                "subtitle": f"{when}. Animation : Michel Basset (Argos).",
                "sections": [
                    ("Repères", [session["summary"], *session["objectives"]]),
                    ("Travaux en séance", [_strip_tags(session["report"])]),
                ],
                "session": number,
                "themes": ["developpement-economique-local"],
                # The last session's material was still being finalised: participants only.
                "public": number < 5,
                "date": session["date"],
                "organisation": "Argos",
                "authors": "Michel Basset",
            }
        )
        documents.append(
            {
                "title": f"Compte rendu de la séance {number}",
                "kind": "compte_rendu",
                "extension": "pdf",
                "subtitle": when,
                "sections": [
                    ("Ce qui s'est dit", [_strip_tags(session["report"])]),
                    (
                        "Travaux sur site avant la séance suivante",
                        [_strip_tags(session["on_site_work"]) or "Fin de la formation-action."],
                    ),
                ],
                "session": number,
                "themes": ["politique-de-la-ville"],
                "public": number < 5,
                "date": session["date"],
                "organisation": "CR•DSU",
            }
        )
    for index, territory in enumerate(TERRITORIES):
        issues = [f"{title} : {text}" for title, text in territory["issues"]]
        actions = [f"{title} (porteur : {lead})" for title, _state, lead in territory["actions"]]
        documents.append(
            {
                "title": f"Fiche action — {territory['title']}",
                "kind": "fiche_action",
                "extension": "pdf",
                "subtitle": f"{territory['title']}, {territory['department']}",
                "sections": [
                    ("Le quartier", [territory["knowledge"]]),
                    ("Enjeux clés", issues),
                    ("Actions à court terme", actions),
                ],
                "session": 4,
                "territories": [territory["slug"]],
                "themes": ["emploi-et-insertion", "developpement-economique-local"],
                "public": True,
                "date": SESSIONS[3]["date"],
                "organisation": territory["organisation"],
            }
        )
        documents.append(
            {
                "title": f"Document de travail — portrait économique du quartier, {territory['title']}",
                "kind": "document_travail",
                # Half in Word, half in OpenDocument: both formats are searched.
                "extension": "docx" if index % 2 == 0 else "odt",
                "subtitle": "Document de travail interne au groupe, réservé aux participants.",
                "sections": [
                    ("Portrait", [territory["summary"], territory["knowledge"]]),
                    (
                        "Quartiers prioritaires",
                        [f"{name} ({town})" for name, town in territory["neighbourhoods"]],
                    ),
                    ("Premiers enjeux", issues),
                ],
                "session": 1,
                "territories": [territory["slug"]],
                "themes": ["politique-de-la-ville"],
                "public": False,
                "date": SESSIONS[0]["date"],
                "organisation": territory["organisation"],
            }
        )
    for reference in REFERENCES:
        documents.append(
            {
                "kind": "document_reference",
                "extension": "pdf",
                "subtitle": "Document de référence sur le développement économique urbain",
                "public": True,
                "organisation": "ARADEL",
                **reference,
            }
        )
    territory_lines = [
        f"{t['title']} : " + " ; ".join(title for title, _text in t["issues"]) for t in TERRITORIES
    ]
    documents.append(
        {
            "title": "Capitalisation de la formation-action « Développement économique urbain »",
            "kind": "synthese",
            "extension": "pdf",
            "subtitle": "ARADEL et CR•DSU, 2014",
            "sections": [
                ("La démarche", PROCESS_STEPS),
                ("Les objectifs", OBJECTIVES),
                ("Les enjeux clés des huit territoires", territory_lines),
                ("Ce que nous retenons", [_strip_tags(SESSIONS[4]["report"])]),
            ],
            "session": 5,
            "territories": [t["slug"] for t in TERRITORIES],
            "themes": ["contrats-de-ville", "politique-de-la-ville"],
            "public": True,
            "date": SESSIONS[4]["date"],
            "organisation": "CR•DSU",
        }
    )
    return documents


RESOURCE_COLLECTIONS = [
    {
        "slug": "supports-de-formation",
        "title": "Supports de formation",
        "intro": (
            "Les supports de formation des séances, animées par Michel Basset (Argos), et des "
            "interventions extérieures."
        ),
        "rule_kind": "support_formation",
    },
    {
        "slug": "documents-de-reference",
        "title": "Documents de référence sur le développement économique urbain",
        "intro": "Des repères pour préparer le volet développement économique des contrats de ville.",
        "rule_kind": "document_reference",
    },
    {
        "slug": "documents-de-travail-des-territoires",
        "title": "Documents de travail des territoires",
        "intro": "Les documents de travail des équipes, réservés aux participants.",
        "rule_kind": "document_travail",
        "participants_only": True,
    },
    {
        "slug": "capitalisation",
        "title": "Capitalisation",
        "intro": (
            "Les documents qui capitalisent le travail de la formation-action et des huit "
            "territoires, à mesure qu'ils sont publiés ici."
        ),
        "picked": ["Capitalisation de la formation-action « Développement économique urbain »"],
        "rule_kind": "fiche_action",
    },
]


# What the collections' introductions said before they kept to the source: the first said who
# presented the supports, the second that a synthesis and action sheets exist, which the source
# does not say (demo step « intros-des-collections »).
OLD_COLLECTION_INTROS = {
    "supports-de-formation": (
        "Les supports présentés en séance par Michel Basset (Argos) et les intervenants."
    ),
    "capitalisation": (
        "Ce que la formation-action a produit : la synthèse, puis les fiches actions des huit "
        "territoires."
    ),
}


PUBLISHER_USER = {
    "username": "publication",
    "first_name": "Responsable",
    "last_name": "de publication",
    "role_label": "responsable de publication",
}

DEMO_ROLES = {
    "admin": "Administrateurs",
    "editeur.aradel": "Éditeurs",
    "editeur.crdsu": "Éditeurs",
    "relecteur": "Relecteurs",
    "publication": "Responsables de publication",
    "participant": "Participants",
}

PENDING_PAGE = {
    "slug": "bilan-de-la-formation-action",
    "title": "Bilan de la formation-action",
    "lead": "Ce que les huit territoires retiennent de la formation-action, un an après.",
    "body": [
        ("heading", {"text": "Un an après", "level": "h2"}),
        (
            "paragraph",
            "<p>Page proposée par ARADEL, en attente de relecture par un partenaire avant sa "
            "validation et sa publication.</p>",
        ),
    ],
}


PARTICIPANTS_AREA = {
    "slug": "espace-participants",
    "title": "Espace participants",
    "intro": (
        "L'espace des vingt participants de la formation-action : les supports de chaque "
        "séance, y compris ceux qui sont réservés aux participants, les documents de travail des "
        "territoires et l'annuaire du groupe."
    ),
}

# What the source does not say of the partners: their postal addresses are invented (flagged
# « Contenu d'exemple » on the site, as their placeholder logos are); the websites are those
# the two centres had in 2014 (ARADEL's to be confirmed by the editors).
PARTNER_DETAILS = {
    "ARADEL": {
        "website": "https://www.aradel.asso.fr",
        "address": "ARADEL\n35 rue Chevreul\n69007 Lyon",
    },
    "CR•DSU": {
        "website": "http://www.crdsu.org",
        "address": "CR•DSU\n4 rue de Narvik\n69008 Lyon",
    },
}

# The funders are not named by the source: placeholders, flagged « Contenu d'exemple », until
# the editors name the real ones (or delete these).
FUNDERS = [
    {
        "short_name": "Région Rhône-Alpes",
        "name": "Conseil régional Rhône-Alpes",
        "kind": "collectivite",
        "description": "Financeur indiqué pour la démonstration : à confirmer.",
    },
    {
        "short_name": "État",
        "name": "Préfecture de la région Rhône-Alpes (politique de la ville)",
        "kind": "autre",
        "description": "Financeur indiqué pour la démonstration : à confirmer.",
    },
]

SITEMAP_PAGE = {
    "slug": "plan-du-site",
    "title": "Plan du site",
    "intro": (
        "Toutes les pages du site, dans l'ordre du menu. Les documents se trouvent dans la "
        "bibliothèque des ressources, et le moteur de recherche cherche dans les pages comme "
        "dans le texte des documents."
    ),
}

CONTACT_PAGE = {
    "slug": "contact",
    "title": "Contact",
    "intro": (
        "Une question sur la formation-action, ses documents ou ce site ? Écrivez à l'équipe "
        "d'ARADEL et du CR•DSU : nous vous répondrons par courriel."
    ),
    "thank_you": (
        "Merci : votre message a bien été transmis à l'équipe du site. Nous vous répondrons à "
        "l'adresse électronique que vous avez indiquée."
    ),
    "subject": "Message reçu sur le site de la formation-action",
    # (label, field type, required): the form builder names each field after its label
    # (« adresse_electronique »); « objet » goes into the e-mail's subject (home.ContactPage).
    "fields": [
        ("Nom", "singleline", True),
        ("Adresse électronique", "email", True),
        ("Objet", "singleline", True),
        ("Message", "multiline", True),
    ],
}


def privacy_contact(days):
    """What the privacy page says of the contact form (home.ContactPage)."""
    return [
        ("heading", {"text": "Formulaire de contact", "level": "h2"}),
        (
            "paragraph",
            "<p>Les messages envoyés par le formulaire de contact (nom, adresse électronique, "
            "objet, message) sont transmis par courriel à l'équipe du site et conservés dans "
            f"l'administration du site, lisibles par l'équipe seulement, pendant {days} jours, "
            "puis supprimés chaque jour. Ils ne servent qu'à vous répondre. Pour limiter les "
            "envois automatiques, le site compte pendant quelques minutes les envois venus "
            "d'une même adresse IP, sans la conserver en clair.</p>",
        ),
    ]


# The area's introduction before the site read as an archive (« pas encore publics » told of
# a training under way): demo sites built with it get the new one (load_demo, « et-apres »).
OLD_PARTICIPANTS_AREA_INTRO = (
    "L'espace des vingt participants de la formation-action : les supports de chaque "
    "séance, y compris ceux qui ne sont pas encore publics, les documents de travail des "
    "territoires et l'annuaire du groupe."
)

# « Et ensuite ? »: where the work went after 2014. The source says the formation-action
# prepared « les futurs contrats de ville »; what followed is not in it: example content.
AFTERMATH_HTML = (
    "<p>Les contrats de ville ont été signés en 2015, pour la période 2015-2020, avec un "
    "pilier « développement économique et emploi ». Les huit territoires y ont repris les "
    "enjeux clés et les actions préparés pendant la formation-action, chacun à sa façon.</p>"
    "<p>ARADEL et le CR•DSU ont continué d'accompagner les équipes qui le souhaitaient, et "
    "la capitalisation de la formation-action reste en ligne sur ce site.</p>"
)

# What became of some actions (« Et après ? »), by territory and action title: invented for
# the demo, as the actions themselves.
ACTION_OUTCOMES = {
    ("annemasse", "Forum emploi dans le quartier avec les entreprises du bassin"): (
        "Le forum a eu lieu au printemps 2015 ; il est devenu une rencontre annuelle, inscrite "
        "au contrat de ville de l'agglomération.",
        datetime.date(2016, 6, 30),
    ),
    ("grenoble", "Appel à projets pour l'occupation de locaux vacants"): (
        "Lancé en 2015 avec le bailleur social, l'appel à projets a installé quatre activités "
        "en pied d'immeuble ; une deuxième édition a suivi.",
        datetime.date(2016, 12, 31),
    ),
    ("saint-etienne-metropole", "Étude de repositionnement du centre commercial"): (
        "L'étude a été rendue en 2015 et ses conclusions reprises dans le projet de "
        "renouvellement urbain du quartier.",
        datetime.date(2015, 12, 31),
    ),
    (
        "roannais-agglomeration",
        "Aide au permis de conduire pour les demandeurs d'emploi du quartier",
    ): (
        "L'action n'a pas été engagée sous cette forme : les demandeurs d'emploi du quartier "
        "ont été orientés vers l'auto-école sociale de l'agglomération.",
        datetime.date(2015, 9, 30),
    ),
}

# The demo account « participant » stands for this member of Grenoble's team.
PARTICIPANT_PERSON = {"first_name": "Amandine", "last_name": "Roux"}

# The proposals of Grenoble's team (territoires.proposals): one waiting for the editors (on
# their dashboard), one refused with its reason (read by the team in the participants' area).
# Invented for the demonstration.
TERRITORY_PROPOSALS = [
    {
        "kind": "ajout_action",
        "title": "Permanence de l'emploi dans les locaux vacants de Mistral",
        "description": "Une demi-journée par semaine, avec la mission locale et les "
        "structures d'insertion du quartier.",
        "state": "proposee",
        "comment": "Idée née de la séance 3, sur les lieux d'accueil de proximité.",
    },
    {
        "kind": "reformulation_enjeu",
        "target": "Soutenir l'économie sociale et solidaire",
        "title": "Soutenir et fédérer l'économie sociale et solidaire du quartier",
        "comment": "Le mot « fédérer » dit mieux ce que l'équipe a décidé.",
        "status": "refusee",
        "reply": "L'enjeu sera reformulé avec la synthèse de la séance 5 : nous vous la "
        "soumettrons avant publication.",
    },
]


def stream(blocks):
    """Demo StreamField data with French typography applied to every string."""

    def typeset(value):
        if isinstance(value, str):
            return french(value)
        if isinstance(value, dict):
            return {key: typeset(item) for key, item in value.items()}
        if isinstance(value, list):
            return [typeset(item) for item in value]
        return value

    return [(block_type, typeset(value)) for block_type, value in blocks]


# The capitalisation (capitalisation.CapitalisationPage). The four steps are the source's
# words; which session worked on which step, what each produced, the themes of the invented
# issues and actions and the syntheses are invented, and flagged as such.
CAPITALISATION = {
    "slug": "capitalisation",
    "title": "Capitalisation",
    # The library has a collection named « Capitalisation » too: each page its own title.
    "seo_title": "La capitalisation : enjeux et actions des territoires par thème",
    "intro": (
        "Ce que les huit territoires ont conclu, rassemblé d'un territoire à l'autre : les "
        "enjeux clés et les actions à court terme de chacun, par thème, avec la synthèse des "
        "animateurs, et le fil des quatre étapes du processus formatif."
    ),
    "steps": [
        (
            "connaissance",
            "Le partage de la connaissance sur le quartier et des représentations qui y sont liées",
            "Chaque équipe a présenté son quartier aux autres : ses atouts, ses difficultés "
            "et l'image qu'en ont les habitants et les entreprises.",
            [1],
        ),
        (
            "culture",
            "Le partage d'une culture commune sur les enjeux à la fois du développement "
            "économique et de la politique de la ville",
            "Des interventions extérieures et des échanges entre métiers ont donné au groupe "
            "un vocabulaire commun ; les supports de formation sont dans la bibliothèque.",
            [1, 2],
        ),
        (
            "enjeux",
            "La définition par territoire d'enjeux clés pour le développement économique du "
            "quartier en lien avec la stratégie du territoire",
            "Chaque territoire a retenu deux ou trois enjeux clés, rassemblés ci-dessous par "
            "thème.",
            [3],
        ),
        (
            "actions",
            "L'identification d'actions par territoire répondant aux enjeux identifiés et "
            "pouvant avoir un effet de levier à court terme",
            "Chaque territoire a identifié des actions à court terme et leur porteur ; leur "
            "état est suivi ci-dessous.",
            [4, 5],
        ),
    ],
    # Invented syntheses, by theme slug.
    "syntheses": {
        "emploi-et-insertion": (
            "Tous les territoires font le même constat : les emplois existent à l'échelle de "
            "l'agglomération, mais les habitants des quartiers y accèdent mal. Les réponses "
            "retenues rapprochent les entreprises du quartier (forums, clauses d'insertion) "
            "plutôt que de créer de nouveaux dispositifs."
        ),
        "commerce-et-services-de-proximite": (
            "Les cellules commerciales vacantes en pied d'immeuble reviennent dans plusieurs "
            "territoires. Les actions commencent par un inventaire partagé entre le service "
            "du développement économique et l'équipe DSU, avant toute recherche de preneurs."
        ),
        "creation-d-activite": (
            "L'envie d'entreprendre existe dans les quartiers ; ce qui manque, ce sont des "
            "appuis sur place. Les territoires misent sur des permanences de proximité des "
            "réseaux d'aide à la création."
        ),
    },
}

# The open data (capitalisation.OpenDataPage): the files are written from the content.
OPEN_DATA = {
    "slug": "donnees-ouvertes",
    "title": "Données ouvertes",
    "intro": (
        "Les territoires, leurs quartiers prioritaires, leurs enjeux clés et leurs actions, "
        "les séances et les documents publics de la formation-action, en fichiers CSV et "
        "JSON à réutiliser librement."
    ),
}

# Themes of the invented issues and actions, by words of their titles (first match wins,
# several may apply): what an editor would tick in the territory page.
CAPITALISATION_TAGS = [
    (("emploi", "insertion", "clause", "forum", "recrut", "chantier", "mobilité"), "emploi-et-insertion"),
    (("commerc", "locaux", "pied d'immeuble", "cellule", "vacant", "marché"), "commerce-et-services-de-proximite"),
    (("création", "créer", "entrepr", "incubat", "couveuse"), "creation-d-activite"),
    (("contrat de ville", "contrats de ville", "stratégie"), "contrats-de-ville"),
    (("économi", "zone d'activité", "activité", "campus", "solidaire"), "developpement-economique-local"),
]  # fmt: skip
