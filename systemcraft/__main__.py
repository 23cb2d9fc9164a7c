from systemcraft.cli.main import main

main()
