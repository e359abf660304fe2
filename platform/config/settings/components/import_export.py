"""Import and export in the store admin (django-import-export; shop.importexport)."""

# The upload waits between the preview and the confirm step in the cache, not on one
# process's disk: the confirm may reach another web process. The default cache is Redis in
# production and its keys carry the store's schema, so a store never reads another's upload.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "shop.importexport.StoreCacheStorage"
# A file is imported whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The largest file an admin may import: it waits in the cache (Redis) until confirmed.
STORE_IMPORT_MAX_BYTES = 5_000_000
