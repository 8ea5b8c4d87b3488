META
key;value
budget;30
vote_type;approval
PROJECTS
project_id;cost
"a;1
