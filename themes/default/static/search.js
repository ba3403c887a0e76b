// search page script: written with the search issue
