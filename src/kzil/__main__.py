from kzil.cli import main

main()
