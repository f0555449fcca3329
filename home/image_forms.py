"""The image form of the admin: it says where an image's privacy comes from."""

from wagtail.images.forms import BaseImageForm

COLLECTION_HELP = (
    "La collection décide qui voit l’image, où qu’elle soit placée : une image d’une "
    "collection réservée aux participants (« Réservé aux participants ») n’est montrée qu’aux "
    "participants et à l’équipe, même sur une page publique, où les visiteurs ne la voient "
    "pas. Les autres collections sont publiques."
)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection" in self.fields:
            self.fields["collection"].help_text = COLLECTION_HELP
