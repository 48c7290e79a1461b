"""karabakh-map: an interactive, sourced map dashboard of the Nagorno-Karabakh conflict."""
