#!/bin/sh
#
# gen-credreport.sh: write a realistic AWS IAM credential report of ROWS
# data rows (default 1000000) to FILE, or to standard output.
#
#	bench/gen-credreport.sh [ROWS [FILE]]
#
# The first row is the root account; the others are a deterministic mix of
# console users (with and without MFA), access-key-only service users,
# users with two keys, an occasional signing certificate, IAM paths, and
# every absence marker the real report uses (N/A, no_information,
# not_supported), in AWS's column order, lower-case booleans and
# "+00:00" timestamps.  Plain POSIX sh and awk, nothing else.

set -eu

usage() {
	echo "usage: gen-credreport.sh [ROWS [FILE]]" >&2
	exit 2
}

[ $# -le 2 ] || usage
rows=${1:-1000000}
case $rows in
''|*[!0-9]*) usage ;;
esac
[ "$rows" -ge 1 ] || usage
if [ $# -eq 2 ]; then
	exec >"$2"
fi

awk -v rows="$rows" '
function two(n) { return sprintf("%02d", n) }
# A timestamp between 2016 and 2024, from the pseudo-random stream.
function stamp(   y, mo, d) {
	y = 2016 + int(rand() * 9)
	mo = 1 + int(rand() * 12)
	d = 1 + int(rand() * 28)
	return sprintf("%04d-%s-%sT%s:%s:%s+00:00", y, two(mo), two(d),
	    two(int(rand() * 24)), two(int(rand() * 60)),
	    two(int(rand() * 60)))
}
function pick(list, n,   a) {
	split(list, a, " ")
	return a[1 + int(rand() * n)]
}
# One access key: active, last_rotated, last_used_date, region, service.
function key(present,   used, region) {
	if (!present)
		return "false,N/A,N/A,N/A,N/A"
	if (rand() < 0.15)
		return (rand() < 0.8 ? "true" : "false") "," stamp() \
		    ",N/A,N/A,N/A"
	used = stamp()
	region = pick("us-east-1 us-east-2 us-west-2 eu-west-1 eu-central-1 " \
	    "ap-southeast-2 ap-northeast-1 N/A", 8)
	return (rand() < 0.85 ? "true" : "false") "," stamp() "," used "," \
	    region "," pick("s3 sts ec2 iam ecr lambda dynamodb rds " \
	    "secretsmanager logs", 10)
}
BEGIN {
	srand(20240630)
	acct = "111122223333"
	print "user,arn,user_creation_time,password_enabled," \
	    "password_last_used,password_last_changed," \
	    "password_next_rotation,mfa_active,access_key_1_active," \
	    "access_key_1_last_rotated,access_key_1_last_used_date," \
	    "access_key_1_last_used_region,access_key_1_last_used_service," \
	    "access_key_2_active,access_key_2_last_rotated," \
	    "access_key_2_last_used_date,access_key_2_last_used_region," \
	    "access_key_2_last_used_service,cert_1_active," \
	    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
	print "<root_account>,arn:aws:iam::" acct ":root," stamp() \
	    ",not_supported," stamp() ",not_supported,not_supported,true," \
	    "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
	split("engineering/ platform/ data/ finance/ automation/ " \
	    "contractors/", paths, " ")
	for (i = 1; i < rows; i++) {
		kind = rand()
		name = sprintf("user%07d", i)
		path = rand() < 0.3 ? paths[1 + int(rand() * 6)] : ""
		if (kind < 0.6) {
			# console user, maybe with a key
			pw = "true"
			r = rand()
			pwused = r < 0.1 ? "no_information" : \
			    r < 0.2 ? "N/A" : stamp()
			pwchanged = stamp()
			pwnext = rand() < 0.5 ? stamp() : "N/A"
			mfa = rand() < 0.8 ? "true" : "false"
			k1 = key(rand() < 0.3)
			k2 = key(0)
		} else {
			# service user: keys only
			pw = "false"
			pwused = "N/A"
			pwchanged = "N/A"
			pwnext = "N/A"
			mfa = "false"
			k1 = key(1)
			k2 = key(rand() < 0.2)
		}
		cert = rand() < 0.02 ? "true," stamp() : "false,N/A"
		print name ",arn:aws:iam::" acct ":user/" path name "," \
		    stamp() "," pw "," pwused "," pwchanged "," pwnext "," \
		    mfa "," k1 "," k2 "," cert ",false,N/A"
	}
}'
