#!/usr/bin/env python3
"""Writes the Acme Payroll demo evidence: monthly AWS IAM credential
reports for two accounts over the 2025-07-01..2026-06-30 observation
period.  The files are committed; this script is how they were made and
is only needed to change the story.  Run it from this folder.

The story the reports tell:
  production (210987654321): root has MFA and no keys all year.  Oliver
    King has a console password and no MFA until November 2025.  Sam Lee,
    a contractor, joins in June 2026 without MFA.
  corporate (123456789012): the root user has no MFA and an active access
    key until September 2025.  legacy-admin, a console user without MFA,
    is deleted in December 2025.  No reports were pulled in March and
    April 2026, so that account has no fresh evidence at the end of April.
  The production machine users rotate their keys on the first of each
  month; corporate's finance-export key dates from 2021, never rotated.
  The corporate reports are the GetCredentialReport JSON (base64 Content,
  GeneratedTime), so their as-of instant comes from the file.
"""
import base64, json, os

HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,"
          "password_last_changed,password_next_rotation,mfa_active,"
          "access_key_1_active,access_key_1_last_rotated,"
          "access_key_1_last_used_date,access_key_1_last_used_region,"
          "access_key_1_last_used_service,access_key_2_active,"
          "access_key_2_last_rotated,access_key_2_last_used_date,"
          "access_key_2_last_used_region,access_key_2_last_used_service,"
          "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated")

MONTHS = ["2025-07-28", "2025-08-27", "2025-09-26", "2025-10-28",
          "2025-11-26", "2025-12-22", "2026-01-27", "2026-02-25",
          "2026-03-27", "2026-04-28", "2026-05-27", "2026-06-24"]


def t(day, hms="09:12:44"):
    return f"{day}T{hms}+00:00"


def root(acct, day, mfa, key):
    return ["<root_account>", f"arn:aws:iam::{acct}:root",
            "2019-03-04T10:21:07+00:00", "not_supported", t(day, "07:02:11"),
            "not_supported", "not_supported", "true" if mfa else "false",
            "true" if key else "false",
            "2019-03-04T10:40:00+00:00" if key else "N/A",
            t(day, "06:00:00") if key else "N/A",
            "us-east-1" if key else "N/A", "s3" if key else "N/A",
            "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"]


def console(acct, name, created, day, mfa, path="/"):
    return [name, f"arn:aws:iam::{acct}:user{path}{name}", created, "true",
            t(day, "08:41:19"), created, "N/A", "true" if mfa else "false",
            "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A",
            "N/A", "false", "N/A", "false", "N/A"]


def machine(acct, name, created, day, service, path="/service/",
            rotated=None):
    return [name, f"arn:aws:iam::{acct}:user{path}{name}", created, "false",
            "N/A", "N/A", "N/A", "false", "true", rotated or created,
            t(day, "03:15:00"), "eu-west-1", service, "false", "N/A", "N/A",
            "N/A", "N/A", "false", "N/A", "false", "N/A"]


def production(day):
    a = "210987654321"
    rows = [root(a, day, True, False),
            console(a, "maria.garcia", "2021-02-01T09:00:00+00:00", day, True),
            console(a, "tom.becker", "2022-06-13T11:30:00+00:00", day, True),
            console(a, "priya.shah", "2023-09-04T08:05:00+00:00", day, True),
            console(a, "oliver.king", "2024-11-18T14:22:00+00:00", day,
                    day >= "2025-11-01"),
            machine(a, "deploy-bot", "2022-01-10T12:00:00+00:00", day, "ecs",
                    rotated=t(day[:8] + "01", "02:00:00")),
            machine(a, "ci-terraform", "2023-03-02T16:45:00+00:00", day,
                    "iam", rotated=t(day[:8] + "01", "02:10:00"))]
    if day >= "2026-06-01":
        rows.append(console(a, "sam.lee", "2026-06-08T10:00:00+00:00", day,
                            False, "/contractors/"))
    # A user who never logged in yet: no_information, not a date.
    rows.append(["ops-readonly", f"arn:aws:iam::{a}:user/ops-readonly",
                 "2025-06-30T17:00:00+00:00", "true", "no_information",
                 "2025-06-30T17:00:00+00:00", "N/A", "true", "false", "N/A",
                 "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A",
                 "false", "N/A", "false", "N/A"])
    return rows


def corporate(day):
    a = "123456789012"
    fixed = day >= "2025-09-01"
    rows = [root(a, day, fixed, not fixed),
            console(a, "anna.novak", "2020-05-11T09:00:00+00:00", day, True),
            machine(a, "finance-export", "2021-08-23T10:10:00+00:00", day,
                    "s3", "/")]
    if day < "2025-12-01":
        rows.append(console(a, "legacy-admin", "2018-01-15T09:00:00+00:00",
                            day, False))
    return rows


def csv(rows):
    return HEADER + "\n" + "\n".join(",".join(r) for r in rows) + "\n"


os.makedirs("evidence/aws-production", exist_ok=True)
os.makedirs("evidence/aws-corporate", exist_ok=True)
for day in MONTHS:
    with open(f"evidence/aws-production/credential-report-{day}.csv", "w") as f:
        f.write(csv(production(day)))
    if day in ("2026-03-27", "2026-04-28"):
        continue
    body = {"Content": base64.b64encode(csv(corporate(day)).encode()).decode(),
            "ReportFormat": "text/csv",
            "GeneratedTime": f"{day}T06:30:12+00:00"}
    with open(f"evidence/aws-corporate/get-credential-report-{day}.json",
              "w") as f:
        json.dump(body, f, indent=4)
        f.write("\n")
