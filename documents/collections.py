"""The collections documents live in: public, and restricted to participants (the default)."""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Collection, CollectionViewRestriction

from access.roles import PARTICIPANTS_GROUP, RESTRICTED_CONTENT_GROUPS

PRIVATE_COLLECTION_NAME = "Réservé aux participants"
PUBLIC_COLLECTION_NAME = "Ressources publiques"


@transaction.atomic
def default_private_collection():
    """The collection new documents land in; created, restricted, if it does not exist."""
    # Lock the root so that two first uploads at once do not create two such collections.
    root = Collection.objects.select_for_update().get(pk=Collection.get_first_root_node().pk)
    collection = root.get_children().filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get_or_create(name=PARTICIPANTS_GROUP)[0])
    # The staff who prepare these documents see them on the site too, once their groups exist.
    restriction.groups.add(*Group.objects.filter(name__in=RESTRICTED_CONTENT_GROUPS))
    return collection


def public_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PUBLIC_COLLECTION_NAME).first()
    return collection or root.add_child(name=PUBLIC_COLLECTION_NAME)
