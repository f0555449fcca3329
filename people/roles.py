"""Names of the site's groups, shared by the apps that grant or check access."""

PARTICIPANTS_GROUP = "Participants"
