META
key;value
description;Small approval
budget;30
vote_type;approval
rule;greedy
num_projects;3
num_votes;3
min_length;1
max_length;3
PROJECTS
project_id;cost;votes;name;selected
a;10;2;Park;1
b;20;1;"Road; north";0
c;5.5;1;"The ""big"" one";1
VOTES
voter_id;vote;age;sex
1;a,b;30;F
2;a,c;41;M
3;c;;
