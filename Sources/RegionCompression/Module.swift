/// Placeholder until its issue lands.
enum RegionCompressionModule {}
