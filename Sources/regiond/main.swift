print("regiond")
