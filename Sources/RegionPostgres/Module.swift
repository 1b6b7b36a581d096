/// Placeholder until its issue lands.
enum RegionPostgresModule {}
