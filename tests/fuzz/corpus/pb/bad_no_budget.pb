META
key;value
vote_type;approval
PROJECTS
project_id;cost
a;1
VOTES
voter_id;vote
