// The RegionIntegrity module; its types live in the folders beside this file.
