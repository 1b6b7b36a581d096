/// Placeholder until its issue lands.
enum RegionSimulationModule {}
