/// Placeholder until its issue lands.
enum RegionAuditModule {}
