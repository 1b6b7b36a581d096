extension InstallScript {
    /// Schema version 2 kept `row_versions` keys as `jsonb` in the database's collation; version 3
    /// keeps their canonical text in collation "C". Rewrites the table (and its indexes) once,
    /// when it still has the old type; a no-op afterwards.
    static let upgradeVersionKeys = """
        DO $upgrade$
        BEGIN
            IF (SELECT atttypid FROM pg_attribute WHERE attrelid = 'regiond.row_versions'::regclass AND attname = 'pk') = 'jsonb'::regtype THEN
                ALTER TABLE regiond.row_versions
                    ALTER COLUMN tbl TYPE text COLLATE "C",
                    ALTER COLUMN pk TYPE text COLLATE "C" USING pk::text;
            END IF;
        END
        $upgrade$;
        """
}
