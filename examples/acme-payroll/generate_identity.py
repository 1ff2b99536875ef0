#!/usr/bin/env python3
"""Writes the Acme Payroll identity evidence: an HR roster, Okta users and
factors, Google Workspace users and AWS IAM authorization details, one
snapshot a month over the 2025-07-01..2026-06-30 observation period (the
days of the credential reports in generate.py), plus two Google exports
pulled the morning after a leaver's last day.  The files are committed;
this script is how they were made.  Run it from this folder.

The story (timezone Europe/London, leaver SLA 1 day):
  James O'Connor (engineering) leaves on 2026-02-13 (a date): Google is
    suspended the next morning, but Okta is deprovisioned only on
    2026-02-16 (statusChanged): revoked late, 2d 15h after the end of his
    last day.
  Lena Fischer (support) leaves on 2025-10-31: Okta deprovisioned that
    afternoon, Google suspended the next morning: on time.
  Anna Novak (finance) is a Google Workspace admin without 2-step
    verification all year.
  ops@acme-payroll.com is a shared Google mailbox that people sign in to:
    no person, not declared.
  Nina Patel (sales) stops signing in to Okta after 2025-12-01: dormant
    from March 2026.
  Sam Lee, a contractor, joins on 2026-06-08 (see generate.py).
  AWS: finance-export's access key was created in 2021 and never rotated;
    legacy-admin holds AdministratorAccess, off the approved roster, until
    it is deleted in December 2025.
"""
import csv, io, json, os

# The days of the credential reports (generate.py).
MONTHS = ["2025-07-28", "2025-08-27", "2025-09-26", "2025-10-28",
          "2025-11-26", "2025-12-22", "2026-01-27", "2026-02-25",
          "2026-03-27", "2026-04-28", "2026-05-27", "2026-06-24"]

DOMAIN = "acme-payroll.com"
OKTA = "https://acme-payroll.okta.com"
CUSTOMER = "C02acme7p"

# email local part, name, department, title, hire, termination, okta id,
# google id, okta factors
PEOPLE = [
    ("maria.garcia", "Maria Garcia", "Engineering", "CTO", "2021-02-01",
     None, "00u1maria", "1001", ["push", "webauthn"]),
    ("tom.becker", "Tom Becker", "Engineering", "SRE Lead", "2022-06-13",
     None, "00u1tomb", "1002", ["push"]),
    ("priya.shah", "Priya Shah", "Engineering", "Engineer", "2023-09-04",
     None, "00u1priya", "1003", ["token:software:totp"]),
    ("oliver.king", "Oliver King", "Engineering", "Engineer", "2024-11-18",
     None, "00u1olive", "1004", ["push"]),
    ("anna.novak", "Anna Novak", "Finance", "Finance Lead", "2020-05-11",
     None, "00u1annan", "1005", ["push"]),
    ("james.oconnor", "James O'Connor", "Engineering", "Engineer",
     "2023-01-09", "2026-02-13", "00u1james", "1006", ["push"]),
    ("lena.fischer", "Lena Fischer", "Support", "Support Engineer",
     "2024-03-04", "2025-10-31", "00u1lenaf", "1007", ["sms"]),
    ("nina.patel", "Nina Patel", "Sales", "Account Executive", "2024-07-01",
     None, "00u1ninap", "1008", ["push"]),
    ("raj.mehta", "Raj Mehta", "Payroll Operations", "Payroll Specialist",
     "2022-10-03", None, "00u1rajme", "1009", ["push"]),
    ("sam.lee", "Sam Lee", "Engineering", "Contractor", "2026-06-08", None,
     "00u1samle", "1010", ["push"]),
]

MANAGER = {"Engineering": "maria.garcia", "Finance": "maria.garcia",
           "Support": "tom.becker", "Sales": "maria.garcia",
           "Payroll Operations": "anna.novak"}

# Google exports pulled the morning after a leaver's last day.
EXTRA_GOOGLE = ["2025-11-01", "2026-02-14"]


def email(local):
    return f"{local}@{DOMAIN}"


def hired(p, day):
    return p[4] <= day


def left(p, day):
    """Terminated by the end of day (the termination date has passed)."""
    return p[5] is not None and p[5] < day


def ts(day, hms="09:00:00"):
    return f"{day}T{hms}.000Z"


def roster(day):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    # HR exports carry the day they were run; identical bytes on two days
    # would be one snapshot, at the first day.
    w.writerow(["employee_id", "email", "name", "status", "hire_date",
                "termination_date", "department", "title", "manager_email",
                "report_date"])
    for i, p in enumerate(PEOPLE):
        if not hired(p, day):
            continue
        # HR records a termination as soon as notice is given.
        term = p[5] if p[5] is not None and p[5] <= add_days(day, 30) else ""
        status = "terminated" if term and term < day else "active"
        w.writerow([f"E{1001 + i}", email(p[0]), p[1], status, p[4], term,
                    p[2], p[3],
                    "" if p[0] == "maria.garcia" else email(MANAGER[p[2]]),
                    day])
    return out.getvalue()


def add_days(day, n):
    import datetime
    d = datetime.date.fromisoformat(day) + datetime.timedelta(days=n)
    return d.isoformat()


def okta_status_changed(p):
    if p[0] == "james.oconnor":
        return "2026-02-16T15:20:00.000Z"
    if p[0] == "lena.fischer":
        return "2025-10-31T16:30:00.000Z"
    return None


def okta_last_login(p, day):
    if p[0] == "nina.patel" and day > "2025-12-01":
        return "2025-12-01T10:02:00.000Z"
    return ts(add_days(day, -1), "08:30:00")


def okta_users(day):
    users = []
    for p in PEOPLE:
        if not hired(p, day):
            continue
        gone = left(p, day)
        # The export lists a deprovisioned user until the next month.
        if gone and add_days(p[5], 35) < day:
            continue
        created = f"{p[4]}T08:00:00.000Z"
        users.append({
            "id": p[6],
            "status": "DEPROVISIONED" if gone else "ACTIVE",
            "created": created,
            "activated": created,
            "statusChanged": okta_status_changed(p) if gone else created,
            "lastLogin": okta_last_login(p, day) if not gone else
            "2026-02-13T16:55:00.000Z" if p[0] == "james.oconnor" else
            "2025-10-31T15:10:00.000Z",
            "lastUpdated": ts(add_days(day, -1), "08:30:00"),
            "passwordChanged": created,
            "type": {"id": "oty1default"},
            "profile": {
                "firstName": p[1].split()[0],
                "lastName": p[1].split(" ", 1)[1],
                "mobilePhone": None,
                "secondEmail": None,
                "login": email(p[0]),
                "email": email(p[0]),
            },
            "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
            "_links": {"self": {"href": f"{OKTA}/api/v1/users/{p[6]}"}},
        })
    return users


def okta_factors(day):
    out = []
    for p in PEOPLE:
        if not hired(p, day) or left(p, day):
            continue
        for k, f in enumerate(p[8]):
            fid = f"{f[:3]}{p[6][3:]}{k}"
            out.append({
                "id": fid,
                "factorType": f,
                "provider": "FIDO" if f == "webauthn" else "OKTA",
                "vendorName": "FIDO" if f == "webauthn" else "OKTA",
                "status": "ACTIVE",
                "created": f"{p[4]}T08:10:00.000Z",
                "lastUpdated": f"{p[4]}T08:10:00.000Z",
                "lastVerified": f"{day}T07:55:00.000Z",
                "profile": {},
                "_links": {
                    "self": {"href": f"{OKTA}/api/v1/users/{p[6]}/factors/"
                             f"{fid}"},
                    "user": {"href": f"{OKTA}/api/v1/users/{p[6]}"},
                },
            })
    return out


def google_user(uid, addr, given, family, admin, twosv, suspended, last,
                created, ou):
    return {
        "kind": "admin#directory#user",
        "id": uid,
        "etag": f"\"acme{uid}\"",
        "primaryEmail": addr,
        "name": {"givenName": given, "familyName": family,
                 "fullName": f"{given} {family}"},
        "isAdmin": admin,
        "isDelegatedAdmin": False,
        "lastLoginTime": last,
        "creationTime": created,
        "agreedToTerms": True,
        "suspended": suspended,
        "archived": False,
        "changePasswordAtNextLogin": False,
        "ipWhitelisted": False,
        "emails": [{"address": addr, "primary": True}],
        "customerId": CUSTOMER,
        "orgUnitPath": ou,
        "isMailboxSetup": True,
        "isEnrolledIn2Sv": twosv,
        "isEnforcedIn2Sv": twosv,
        "includeInGlobalAddressList": True,
    }


def google_users(day):
    users = []
    for p in PEOPLE:
        if not hired(p, day):
            continue
        gone = p[5] is not None and p[5] < day
        first, last = p[1].split(" ", 1)
        login = ts(add_days(day, -1), "08:35:00") if not gone else \
            ts(p[5], "16:50:00")
        users.append(google_user(
            p[7], email(p[0]), first, last,
            p[0] in ("maria.garcia", "anna.novak"),
            p[0] != "anna.novak", gone, login, f"{p[4]}T08:05:00.000Z",
            "/" + p[2]))
    users.append(google_user(
        "1900", f"ops@{DOMAIN}", "Ops", "Shared", False, False, False,
        ts(add_days(day, -1), "07:15:00"), "2022-04-01T09:00:00.000Z",
        "/Operations"))
    return {"kind": "admin#directory#users", "etag": "\"acme-users\"",
            "users": users}


ADMIN = {"PolicyName": "AdministratorAccess",
         "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
POWER = {"PolicyName": "PowerUserAccess",
         "PolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}
READ = {"PolicyName": "ReadOnlyAccess",
        "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
BILLING = {"PolicyName": "Billing",
           "PolicyArn": "arn:aws:iam::aws:policy/job-function/Billing"}


def aws_user(acct, name, uid, created, groups, attached, inline=None,
             path="/"):
    return {
        "Path": path,
        "UserName": name,
        "UserId": uid,
        "Arn": f"arn:aws:iam::{acct}:user{path}{name}",
        "CreateDate": created,
        "UserPolicyList": inline or [],
        "GroupList": groups,
        "AttachedManagedPolicies": attached,
        "Tags": [],
    }


def aws_group(acct, name, gid, attached):
    return {
        "Path": "/",
        "GroupName": name,
        "GroupId": gid,
        "Arn": f"arn:aws:iam::{acct}:group/{name}",
        "CreateDate": "2021-02-01T09:00:00Z",
        "GroupPolicyList": [],
        "AttachedManagedPolicies": attached,
    }


def inline(name, action, resource):
    return [{"PolicyName": name, "PolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action,
                       "Resource": resource}]}}]


def aws_roles(a, day):
    """The service-linked role AWS Support uses: its RoleLastUsed moves
    every day, so each month's export differs from the last, as real ones
    do (identical bytes would be one snapshot, at the first date)."""
    return [{"Path": "/aws-service-role/support.amazonaws.com/",
             "RoleName": "AWSServiceRoleForSupport",
             "RoleId": "AROA" + a[:8] + "SUPPORT1",
             "Arn": f"arn:aws:iam::{a}:role/aws-service-role/"
                    "support.amazonaws.com/AWSServiceRoleForSupport",
             "CreateDate": "2019-03-04T10:21:07Z",
             "RoleLastUsed": {"LastUsedDate": f"{day}T06:12:40Z",
                              "Region": "us-east-1"},
             "AttachedManagedPolicies": [
                 {"PolicyName": "AWSSupportServiceRolePolicy",
                  "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/"
                               "AWSSupportServiceRolePolicy"}]}]


def aws_production(day):
    a = "210987654321"
    users = [
        aws_user(a, "maria.garcia", "AIDAPRODMARIA0000001",
                 "2021-02-01T09:00:00Z", [], [ADMIN]),
        aws_user(a, "tom.becker", "AIDAPRODTOMB00000002",
                 "2022-06-13T11:30:00Z", ["Admins"], []),
        aws_user(a, "priya.shah", "AIDAPRODPRIYA0000003",
                 "2023-09-04T08:05:00Z", ["Developers"], []),
        aws_user(a, "oliver.king", "AIDAPRODOLIVER000004",
                 "2024-11-18T14:22:00Z", ["Developers"], []),
        aws_user(a, "deploy-bot", "AIDAPRODDEPLOY000005",
                 "2022-01-10T12:00:00Z", [], [],
                 inline("ecs-deploy", ["ecs:UpdateService",
                                       "ecs:DescribeServices"], "*"),
                 "/service/"),
        aws_user(a, "ci-terraform", "AIDAPRODCITF00000006",
                 "2023-03-02T16:45:00Z", [], [ADMIN], None, "/service/"),
        aws_user(a, "ops-readonly", "AIDAPRODOPSRO0000007",
                 "2025-06-30T17:00:00Z", [], [READ]),
    ]
    if day >= "2026-06-01":
        users.append(aws_user(a, "sam.lee", "AIDAPRODSAMLEE000008",
                              "2026-06-08T10:00:00Z", ["Developers"], [],
                              None, "/contractors/"))
    groups = [aws_group(a, "Admins", "AGPAPRODADMINS000001", [ADMIN]),
              aws_group(a, "Developers", "AGPAPRODDEVS00000002", [POWER])]
    return {"UserDetailList": users, "GroupDetailList": groups,
            "RoleDetailList": aws_roles(a, day), "Policies": []}


def aws_corporate(day):
    a = "123456789012"
    users = [
        aws_user(a, "anna.novak", "AIDACORPANNA00000001",
                 "2020-05-11T09:00:00Z", [], [BILLING]),
        aws_user(a, "finance-export", "AIDACORPFINEX0000002",
                 "2021-08-23T10:10:00Z", [], [],
                 inline("export-bucket", ["s3:PutObject"],
                        "arn:aws:s3:::acme-finance-exports/*")),
    ]
    if day < "2025-12-01":
        users.append(aws_user(a, "legacy-admin", "AIDACORPLEGACY000003",
                              "2018-01-15T09:00:00Z", [], [ADMIN]))
    return {"UserDetailList": users, "GroupDetailList": [],
            "RoleDetailList": aws_roles(a, day), "Policies": []}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def dump(obj):
    return json.dumps(obj, indent=2) + "\n"


def main():
    for day in MONTHS:
        write(f"evidence/hr/roster-{day}.csv", roster(day))
        write(f"evidence/okta/users-{day}.json", dump(okta_users(day)))
        write(f"evidence/okta/factors-{day}.json", dump(okta_factors(day)))
        write(f"evidence/google/users-{day}.json", dump(google_users(day)))
        write(f"evidence/aws-production/authorization-details-{day}.json",
              dump(aws_production(day)))
        write(f"evidence/aws-corporate/authorization-details-{day}.json",
              dump(aws_corporate(day)))
    for day in EXTRA_GOOGLE:
        write(f"evidence/google/users-{day}.json", dump(google_users(day)))


if __name__ == "__main__":
    main()
