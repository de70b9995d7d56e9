print("wslens")
