META
key;value
description;"two
lines"
budget;5
vote_type;approval
PROJECTS
project_id;cost;name
"a";1;"x;y"
b;2;"""q"""
VOTES
voter_id;vote
"1";"a, b"
