#!/usr/bin/env python3
"""Writes the Acme Payroll vulnerability-management evidence: a year of
weekly Trivy scans of the production payroll-api image, monthly OpenSCAP
(XCCDF results) scans of the bastion host, and the January 2026
penetration test's findings and retest.  The files are committed; this
script is how they were made.  Run it from this folder.

The story (slas: critical 15d, high 30d, medium 90d, low 180d):
  openssl CVE-2025-9230 (critical) appears on 2025-10-06 and is fixed on
    2025-10-13: on time.
  libexpat CVE-2025-59375 (high) appears on 2025-11-03 and is fixed only
    on 2025-12-15: 12 days late.
  glibc CVE-2026-0861 (critical) appears on 2026-02-09, fixed 2026-02-16.
  python3.11 CVE-2025-6069 (medium) is open from 2025-07-07 all year: past
    its 90 days from October; a risk acceptance covers it until
    2026-03-31 and then lapses.
  curl CVE-2025-10148 (low) comes and goes: fixed in September, back in
    January (reopened), within its 180 days by June.
  No scan ran from 2025-08-04 to 2025-09-08 (the CI runner was broken):
    35 days, more than the 30-day cadence.
  The bastion host fails package_aide_installed (medium) until the
    September hardening (on time), and accounts_tmout (medium) all year.
    It is scanned on the 28th of each month: Acme's scan cadence is 31
    days.
  The penetration test (2026-01-12 to 2026-01-23, report 2026-01-30)
    found a critical IDOR on the payroll API, fixed and retested only on
    2026-03-13 (42 days: late), a high stored XSS fixed by the retest, and
    a medium.
"""
import csv, hashlib, io, json, os
from datetime import date, datetime, timedelta, timezone

START = date(2025, 7, 7)        # a Monday
IMAGE = "ghcr.io/acme-payroll/payroll-api:production"
HOST = "bastion-1.prod.acme-payroll.internal"
GAP = (date(2025, 8, 4), date(2025, 9, 8))   # no scans in between

# (cve, pkg, installed, fixed, severity, title, first, last or None)
VULNS = [
    ("CVE-2025-9230", "openssl", "3.0.16-1~deb12u1", "3.0.17-1~deb12u3",
     "CRITICAL", "openssl: out-of-bounds read in RFC 3211 KEK unwrap",
     date(2025, 10, 6), date(2025, 10, 12)),
    ("CVE-2025-59375", "libexpat1", "2.5.0-1+deb12u1", "2.5.0-1+deb12u2",
     "HIGH", "expat: memory amplification in the XML parser",
     date(2025, 11, 3), date(2025, 12, 14)),
    ("CVE-2026-0861", "libc6", "2.36-9+deb12u10", "2.36-9+deb12u13",
     "CRITICAL", "glibc: integer overflow in memalign",
     date(2026, 2, 9), date(2026, 2, 15)),
    ("CVE-2025-6069", "python3.11", "3.11.2-6+deb12u6", "",
     "MEDIUM", "python: quadratic complexity in HTMLParser",
     date(2025, 7, 7), None),
    ("CVE-2025-10148", "curl", "7.88.1-10+deb12u12", "7.88.1-10+deb12u14",
     "LOW", "curl: predictable WebSocket mask",
     date(2025, 7, 7), date(2025, 9, 14)),
    ("CVE-2025-10148", "curl", "7.88.1-10+deb12u12", "7.88.1-10+deb12u14",
     "LOW", "curl: predictable WebSocket mask",
     date(2026, 1, 5), None),
    ("CVE-2024-56433", "login", "1:4.13+dfsg1-1", "1:4.13+dfsg1-1+deb12u1",
     "LOW", "shadow-utils: default subordinate ID configuration",
     date(2025, 7, 7), date(2025, 11, 30)),
]

CVSS = {"CRITICAL": 9.8, "HIGH": 7.5, "MEDIUM": 5.3, "LOW": 3.1}


def trivy(day):
    vulns = []
    for cve, pkg, inst, fix, sev, title, first, last in VULNS:
        if first <= day and (last is None or day <= last):
            v = {"VulnerabilityID": cve, "PkgName": pkg,
                 "InstalledVersion": inst, "Severity": sev,
                 "SeveritySource": "debian", "Title": title,
                 "PrimaryURL": f"https://avd.aquasec.com/nvd/{cve.lower()}",
                 "CVSS": {"nvd": {"V3Score": CVSS[sev]}}}
            if fix:
                v["FixedVersion"] = fix
            vulns.append(v)
    created = datetime(day.year, day.month, day.day, 3, 15,
                       tzinfo=timezone.utc)
    return {
        "SchemaVersion": 2,
        "CreatedAt": created.strftime("%Y-%m-%dT%H:%M:%S.000000000Z"),
        "ArtifactName": IMAGE, "ArtifactType": "container_image",
        "Metadata": {"OS": {"Family": "debian", "Name": "12.11"},
                     "RepoTags": [IMAGE]},
        "Results": [{"Target": f"{IMAGE} (debian 12.11)",
                     "Class": "os-pkgs", "Type": "debian",
                     "Vulnerabilities": vulns}],
    }


RULES = [
    # rule, severity, title, failing from, failing to (None: all year)
    ("sshd_disable_root_login", "high",
     "Disable SSH root login", None, None),
    ("accounts_tmout", "medium",
     "Set interactive session timeout", date(2025, 7, 1), None),
    ("package_aide_installed", "medium",
     "Install AIDE", date(2025, 7, 1), date(2025, 9, 20)),
    ("service_auditd_enabled", "high",
     "Enable the auditd service", None, None),
]


def xccdf(day):
    ns = "xccdf_org.ssgproject.content_rule_"
    t0 = f"{day.isoformat()}T02:00:00+00:00"
    t1 = f"{day.isoformat()}T02:03:41+00:00"
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" '
              'id="xccdf_org.ssgproject.content_benchmark_DEBIAN-12" '
              'resolved="1">\n'
              '  <TestResult id="xccdf_org.open-scap_testresult_'
              'xccdf_org.ssgproject.content_profile_cis_level1_server" '
              f'start-time="{t0}" end-time="{t1}" version="0.1.73">\n'
              f'    <target>{HOST}</target>\n'
              '    <target-address>10.0.1.17</target-address>\n')
    for rule, sev, title, start, end in RULES:
        fails = (start is not None and start <= day and
                 (end is None or day <= end))
        out.write(f'    <rule-result idref="{ns}{rule}" severity="{sev}" '
                  f'time="{t1}" weight="1.000000">'
                  f'<result>{"fail" if fails else "pass"}</result>'
                  '</rule-result>\n')
    out.write('  </TestResult>\n</Benchmark>\n')
    return out.getvalue()


ROE = """Rules of engagement: Acme Payroll external penetration test 2026

Tester: Cobalt Labs Ltd (CREST accredited).  Window: 12-23 January 2026,
08:00-18:00 UK time.  In scope: https://api.acme-payroll.com,
https://portal.acme-payroll.com, and the mobile API, with two test
employer tenants provided by Acme.  Out of scope: denial of service,
social engineering, the payment file SFTP endpoint of the banks.
Emergency stop: security@acme-payroll.com, +44 20 7946 0000.
Approved by Maria Garcia (CTO) on 5 January 2026.
"""

REPORT = """Penetration test report PT-2026-01 (summary)

Cobalt Labs Ltd for Acme Payroll, testing 12-23 January 2026, report
issued 30 January 2026.

PT26-01 critical  IDOR: any employer admin can read another employer's
                  payslips (GET /v2/payslips/{id}).
PT26-02 high      Stored XSS in the employee note field.
PT26-03 medium    Verbose error messages disclose stack traces.

Retest on request; the findings list is delivered as CSV.
"""


def main():
    os.makedirs("evidence/trivy", exist_ok=True)
    os.makedirs("evidence/openscap", exist_ok=True)
    os.makedirs("evidence/pentest", exist_ok=True)
    day = START
    while day <= date(2026, 6, 29):
        if not (GAP[0] < day < GAP[1]):
            with open(f"evidence/trivy/payroll-api-{day}.json", "w") as f:
                json.dump(trivy(day), f, indent=1)
                f.write("\n")
        day += timedelta(days=7)
    # The bastion host, on the 28th of each month.
    for m in range(12):
        y, mo = (2025, 7 + m) if m < 6 else (2026, m - 5)
        d = date(y, mo, 28)
        with open(f"evidence/openscap/bastion-{d}.xml", "w") as f:
            f.write(xccdf(d))
    # The penetration test: the tester's findings, and the retest.
    head = ["id", "title", "severity", "asset", "location", "status"]
    asset = "https://api.acme-payroll.com"
    report = [
        ["PT26-01", "IDOR: any employer admin can read another employer's "
         "payslips", "critical", asset, "GET /v2/payslips/{id}", "open"],
        ["PT26-02", "Stored XSS in the employee note field", "high", asset,
         "POST /v2/employees/{id}/notes", "open"],
        ["PT26-03", "Verbose error messages disclose stack traces",
         "medium", asset, "any 500 response", "open"],
    ]
    retest = [r for r in report if r[0] == "PT26-03"]
    for name, rows in (("findings-2026-01-30", report),
                       ("retest-2026-03-13", retest)):
        with open(f"evidence/pentest/{name}.csv", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(head)
            w.writerows(rows)
    with open("evidence/pentest/rules-of-engagement.txt", "w") as f:
        f.write(ROE)
    with open("evidence/pentest/report-2026-01-30.txt", "w") as f:
        f.write(REPORT)
    digest = {}
    for name in ("rules-of-engagement.txt", "report-2026-01-30.txt",
                 "findings-2026-01-30.csv", "retest-2026-03-13.csv"):
        with open(f"evidence/pentest/{name}", "rb") as f:
            digest[name] = hashlib.sha256(f.read()).hexdigest()
    with open("evidence/pentests.yaml", "w") as f:
        f.write(
            "# pentests.yaml for the Acme Payroll demo (copied into the\n"
            "# workspace): the register of penetration tests.  The\n"
            "# documents are ingested as evidence and named by digest.\n"
            "pentests:\n"
            "  - { id: PT-2026-01, tester: Cobalt Labs Ltd,\n"
            "      started: 2026-01-12, ended: 2026-01-23,\n"
            f"      rules_of_engagement: \"sha256:"
            f"{digest['rules-of-engagement.txt']}\",\n"
            f"      report: \"sha256:{digest['report-2026-01-30.txt']}\",\n"
            f"      findings: [\"sha256:"
            f"{digest['findings-2026-01-30.csv']}\",\n"
            f"                 \"sha256:"
            f"{digest['retest-2026-03-13.csv']}\"] }}\n")


if __name__ == "__main__":
    main()
