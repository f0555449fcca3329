"""The file cache of one machine's workers (settings.production, without Redis), as Django
makes it, except in two things.

What it stores is not compressed. Django's FileBasedCache compresses every value with zlib: a
page served from the cache then spent about a third of its time decompressing itself (60 to
110 µs for a 26 to 59 KB page, of about 370 µs in all). Here values are written as zlib's
stored blocks (level 0): the same format, read by Django's own code, in a tenth of the time;
the files are 4 to 6 times larger (about 60 KB for a page, at most MAX_ENTRIES of them).

It does not list its whole folder before every write. Django's `set` first counts the cache's
files, to know whether to remove some (`_cull`): with the 5,000 entries of production, that
listing cost 6 of the 7.7 ms of CPU of a write (pages stored for visitors, values shared per
audience, sessions). Here the count is taken once every `MAX_ENTRIES // 100` writes of a
worker (50 for 5,000), and the culling itself is Django's: the folder may hold that many
entries more per worker before it is culled.
"""

import pickle
import zlib

from django.core.cache.backends.filebased import FileBasedCache


class UncompressedFileBasedCache(FileBasedCache):
    def __init__(self, directory, params):
        super().__init__(directory, params)
        self._cull_every = max(1, self._max_entries // 100)
        self._writes_before_count = self._cull_every

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), level=0))

    def _cull(self):
        self._writes_before_count -= 1
        if self._writes_before_count > 0:
            return
        self._writes_before_count = self._cull_every
        super()._cull()
