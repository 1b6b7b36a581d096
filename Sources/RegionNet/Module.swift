/// Placeholder until its issue lands.
enum RegionNetModule {}
