META
key;value
budget;30
vote_type;approval
PROJECTS
project_id;cost;votes;name;selected
a;10;2;Park;1
b;20;1;"Road; north";0
c;5.5;1;"The ""big"" one";1
VOTES
voter_id;vote
1;a
1;b
