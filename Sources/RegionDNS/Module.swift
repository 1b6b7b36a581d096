/// Placeholder until its issue lands.
enum RegionDNSModule {}
