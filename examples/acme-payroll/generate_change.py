#!/usr/bin/env python3
"""Writes the Acme Payroll change-management evidence: a year of pull
requests, reviews and deployments for two repositories over the
2025-07-01..2026-06-30 observation period, collected once a month on the
days of the credential reports (generate.py).  The files are committed;
this script is how they were made.  Run it from this folder; it needs git
(for payroll-web's history, built with git fast-import so that the commit
shas in the pull requests are the real ones).

acme-payroll/payroll-api deploys through GitHub deployments (created by
the github-actions[bot] workflow after each merge, statuses success or, a
few times, failure then a retry).  acme-payroll/payroll-web deploys from a
CI pipeline that writes a deployment log (deployments-csv): the head of
main, every Tuesday; its history is a git repository the demo rebuilds
from git/payroll-web-*.fi and reads month by month with `git-repo`.

The story (production branch main, production environment production):
  payroll-api#142, a hotfix, is merged by its author Tom Becker with no
    review and deployed by him by hand: an unreviewed change deployed.
  payroll-api#157 is merged by Oliver King; Priya Shah approves it two
    hours after the merge: an approval after merge.
  payroll-api#171, labelled emergency, is merged at night and approved
    six hours later: within the 48-hour window.
  payroll-api#188 is Tom's, approved only by tbecker-admin, Tom's own
    second account (identity.yaml aliases both to him).
  payroll-api#199 is approved on its first commit; a second commit follows
    and merges without a new approval: a stale approval (a warning in this
    workspace: change.stale_approval is warning).
  payroll-web#64, a Dependabot bump, is approved only by acme-ci[bot].
  payroll-web: Oliver pushes a commit straight to main on 2026-03-10; the
    next Tuesday's deployment ships it.  The git history read in March
    shows it.
  Branch protection: payroll-api's main is fully protected; payroll-web's
    exempts administrators.
  Tom (SRE lead) and Maria (CTO) author changes and are AWS
    administrators; identity.yaml declares a compensating control for Tom,
    not for Maria.
"""
import csv, hashlib, io, json, os, random, shutil, subprocess, tempfile
from datetime import datetime, timedelta, timezone

MONTHS = ["2025-07-28", "2025-08-27", "2025-09-26", "2025-10-28",
          "2025-11-26", "2025-12-22", "2026-01-27", "2026-02-25",
          "2026-03-27", "2026-04-28", "2026-05-27", "2026-06-24"]
START = datetime(2025, 6, 20, tzinfo=timezone.utc)
API = "https://api.github.com/repos"

# GitHub login -> (name, e-mail); aliases in identity.yaml join them.
DEVS = {
    "mgarcia-acme": ("Maria Garcia", "maria.garcia@acme-payroll.com"),
    "tbecker": ("Tom Becker", "tom.becker@acme-payroll.com"),
    "priya-shah": ("Priya Shah", "priya.shah@acme-payroll.com"),
    "oking-dev": ("Oliver King", "oliver.king@acme-payroll.com"),
    "jamesoc": ("James O'Connor", "james.oconnor@acme-payroll.com"),
    "samlee-acme": ("Sam Lee", "sam.lee@acme-payroll.com"),
}
ENGINEERS = ["tbecker", "priya-shah", "oking-dev", "jamesoc"]

rng = random.Random(20260627)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def user(login, uid):
    bot = login.endswith("[bot]")
    return {"login": login, "id": uid, "type": "Bot" if bot else "User",
            "site_admin": False,
            "url": f"https://api.github.com/users/{login}"}


def uid_of(login):
    return 1000 + int(hashlib.sha1(login.encode()).hexdigest()[:6], 16)


def fake_sha(*parts):
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def active(login, when):
    if login == "jamesoc" and when >= datetime(2026, 2, 13,
                                               tzinfo=timezone.utc):
        return False
    if login == "samlee-acme" and when < datetime(2026, 6, 8,
                                                  tzinfo=timezone.utc):
        return False
    return True


def month_of(t):
    """The collection day (index into MONTHS) whose file holds instant t."""
    for i, d in enumerate(MONTHS):
        if t < datetime.fromisoformat(d + "T08:00:00+00:00"):
            return i
    return None


# ------------------------------------------------------------- the changes

TITLES = ["Add payslip PDF caching", "Fix rounding in holiday pay",
          "Bump sqlalchemy", "Tidy tax-code parser", "Paginate employee API",
          "Log payroll run durations", "Retry bank file upload",
          "Speed up P60 export", "Validate IBANs", "Handle leap-year accrual",
          "Refactor pension contributions", "Add audit log to approvals",
          "Upgrade Python to 3.12", "Fix timezone in cut-off check",
          "Rotate signing key from Vault", "Add rate limit to login"]


def plan_changes(repo, first, count, story):
    """Pull requests of repo: number, author, times, reviews."""
    prs = []
    span = (datetime(2026, 6, 23, tzinfo=timezone.utc) - START).total_seconds()
    for k in range(count):
        n = first + k
        created = START + timedelta(seconds=span * (k + 0.3) / count)
        created = created.replace(hour=9 + rng.randrange(8),
                                  minute=rng.randrange(60), second=0)
        author = rng.choice(ENGINEERS + ["mgarcia-acme"] * (k % 9 == 0))
        while not active(author, created):
            author = rng.choice(["tbecker", "priya-shah", "oking-dev"])
        reviewer = rng.choice([e for e in ENGINEERS
                               if e != author and active(e, created)])
        approved = created + timedelta(hours=2 + rng.randrange(20))
        merged = approved + timedelta(minutes=20 + rng.randrange(200))
        pr = {"repo": repo, "number": n, "author": author,
              "title": TITLES[n % len(TITLES)], "created": created,
              "merged": merged, "merged_by": author, "labels": [],
              "commits": 1 + (n % 3), "reviews": [], "closed_only": False}
        # Reviews: sometimes a comment or changes requested first.
        if n % 5 == 0:
            pr["reviews"].append((reviewer, "COMMENTED",
                                  created + timedelta(hours=1), "head"))
        if n % 11 == 0:
            pr["reviews"].append((reviewer, "CHANGES_REQUESTED",
                                  created + timedelta(hours=1, minutes=30),
                                  "first"))
        pr["reviews"].append((reviewer, "APPROVED", approved, "head"))
        if n % 13 == 0:
            pr["closed_only"] = True   # closed without merging
        story(pr)
        prs.append(pr)
    return prs


def api_story(pr):
    n = pr["number"]
    if n == 142:
        pr.update(author="tbecker", merged_by="tbecker", labels=["hotfix"],
                  title="Hotfix: stop duplicate BACS submissions",
                  reviews=[])
        pr["merged"] = pr["created"] + timedelta(minutes=25)
    elif n == 157:
        pr.update(author="priya-shah", merged_by="oking-dev",
                  title="Cache employer NI thresholds")
        pr["reviews"] = [("priya-shah", "APPROVED",
                          pr["merged"] + timedelta(hours=2), "head")]
        pr["author"] = "oking-dev"
    elif n == 171:
        pr.update(author="priya-shah", merged_by="priya-shah",
                  labels=["emergency"],
                  title="Emergency: block payroll run on missing tax table")
        pr["merged"] = pr["created"].replace(hour=23, minute=40)
        pr["reviews"] = [("tbecker", "APPROVED",
                          pr["merged"] + timedelta(hours=6), "head")]
    elif n == 188:
        pr.update(author="tbecker", merged_by="tbecker",
                  title="Raise worker memory limit")
        pr["reviews"] = [("tbecker-admin", "APPROVED",
                          pr["created"] + timedelta(hours=1), "head")]
    elif n == 199:
        pr.update(author="oking-dev", commits=2,
                  title="Store payslip templates in S3")
        pr["reviews"] = [("tbecker", "APPROVED",
                          pr["created"] + timedelta(hours=3), "first")]
    if pr["number"] in (142, 157, 171, 188, 199):
        pr["closed_only"] = False


def web_story(pr):
    n = pr["number"]
    if n in (40, 52, 64, 77):
        pr.update(author="dependabot[bot]", labels=["dependencies"],
                  title=f"Bump vite from 5.{n % 7}.0 to 5.{n % 7}.1")
        pr["merged_by"] = "priya-shah"
        if n == 64:
            pr["reviews"] = [("acme-ci[bot]", "APPROVED",
                              pr["created"] + timedelta(hours=1), "head")]
        else:
            pr["reviews"] = [("priya-shah", "APPROVED",
                              pr["created"] + timedelta(hours=2), "head")]
    if n == 64:
        pr["closed_only"] = False


# ------------------------------------------------------- GitHub JSON shapes

def pull_json(pr, head, merge, base_sha, single=False):
    repo = pr["repo"]
    owner, name = repo.split("/")
    merged = not pr["closed_only"]
    closed = pr["merged"]
    o = {
        "url": f"{API}/{repo}/pulls/{pr['number']}",
        "id": 900000 + pr["number"] * 7,
        "html_url": f"https://github.com/{repo}/pull/{pr['number']}",
        "number": pr["number"], "state": "closed", "locked": False,
        "title": pr["title"], "user": user(pr["author"],
                                           uid_of(pr["author"])),
        "body": "", "labels": [{"name": l, "color": "ededed"}
                               for l in pr["labels"]],
        "created_at": iso(pr["created"]), "updated_at": iso(closed),
        "closed_at": iso(closed),
        "merged_at": iso(closed) if merged else None,
        "merge_commit_sha": merge,
        "head": {"label": f"{owner}:pr-{pr['number']}",
                 "ref": f"pr-{pr['number']}", "sha": head},
        "base": {"label": f"{owner}:main", "ref": "main", "sha": base_sha,
                 "repo": {"id": uid_of(repo), "name": name,
                          "full_name": repo}},
        "author_association": "MEMBER" if "[bot]" not in pr["author"]
        else "NONE",
    }
    if single:
        o["merged"] = merged
        o["merged_by"] = user(pr["merged_by"], uid_of(pr["merged_by"])) \
            if merged else None
    return o


def review_json(pr, rid, who, state, at, commit):
    repo = pr["repo"]
    return {"id": rid, "user": user(who, uid_of(who)), "body": "",
            "state": state,
            "html_url": f"https://github.com/{repo}/pull/{pr['number']}"
                        f"#pullrequestreview-{rid}",
            "pull_request_url": f"{API}/{repo}/pulls/{pr['number']}",
            "author_association": "MEMBER", "submitted_at": iso(at),
            "commit_id": commit}


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def by_month(items, when):
    out = [[] for _ in MONTHS]
    for x in items:
        m = month_of(when(x))
        if m is not None:
            out[m].append(x)
    return out


# ------------------------------------------------------------- payroll-api

def payroll_api():
    repo = "acme-payroll/payroll-api"
    prs = plan_changes(repo, 120, 96, api_story)
    shas = {}
    for pr in prs:
        first = fake_sha(repo, pr["number"], "c1")
        head = fake_sha(repo, pr["number"], "c%d" % pr["commits"])
        merge = fake_sha(repo, pr["number"], "merge")
        shas[pr["number"]] = (first, head, merge)
    out = "evidence/github/payroll-api"
    rid = 1700000
    for i, month in enumerate(by_month(prs, lambda p: p["merged"])):
        pulls = [pull_json(p, shas[p["number"]][1], shas[p["number"]][2],
                           fake_sha(repo, "base", p["number"]))
                 for p in month]
        # Two pages a month, as the API pages them (per_page=10 here).
        for page in range(0, max(len(pulls), 1), 10):
            write(f"{out}/pulls-{MONTHS[i]}-p{page // 10 + 1}.json",
                  pulls[page:page + 10])
        reviews = []
        for p in month:
            for who, state, at, which in p["reviews"]:
                rid += 1
                sha = shas[p["number"]][0 if which == "first" else 1]
                reviews.append(review_json(p, rid, who, state, at, sha))
        write(f"{out}/reviews-{MONTHS[i]}.json", reviews)
    # The single pull of the self-merged hotfix names merged_by.
    hot = [p for p in prs if p["number"] == 142][0]
    m = month_of(hot["merged"])
    write(f"{out}/pull-142-{MONTHS[m]}.json",
          pull_json(hot, shas[142][1], shas[142][2],
                    fake_sha(repo, "base", 142), single=True))
    # Deployments: production after each merge, by the workflow; staging
    # before it.  #142 is deployed by Tom by hand.
    deps, statuses = [], []
    did, sid = 5100000, 8800000
    for p in prs:
        if p["closed_only"]:
            continue
        for env in ("staging", "production"):
            did += 1
            at = p["merged"] + timedelta(minutes=12 if env == "staging"
                                         else 40)
            creator = "tbecker" if (p["number"] == 142 and
                                    env == "production") else \
                "github-actions[bot]"
            d = {"url": f"{API}/{repo}/deployments/{did}", "id": did,
                 "sha": shas[p["number"]][2], "ref": "main",
                 "task": "deploy", "payload": {},
                 "original_environment": env, "environment": env,
                 "description": None,
                 "creator": user(creator, uid_of(creator)),
                 "created_at": iso(at), "updated_at": iso(at),
                 "statuses_url": f"{API}/{repo}/deployments/{did}/statuses",
                 "repository_url": f"{API}/{repo}",
                 "transient_environment": False,
                 "production_environment": env == "production"}
            deps.append(d)
            states = ["in_progress", "success"]
            if p["number"] % 17 == 0 and env == "production":
                states = ["in_progress", "failure"]
            for k, st in enumerate(states):
                sid += 1
                statuses.append({
                    "url": f"{API}/{repo}/deployments/{did}/statuses/{sid}",
                    "id": sid, "state": st,
                    "creator": user(creator, uid_of(creator)),
                    "description": "", "environment": env,
                    "target_url": "", "log_url":
                    f"https://github.com/{repo}/actions/runs/{did}",
                    "created_at": iso(at + timedelta(minutes=3 * k)),
                    "updated_at": iso(at + timedelta(minutes=3 * k)),
                    "deployment_url": f"{API}/{repo}/deployments/{did}",
                    "repository_url": f"{API}/{repo}",
                    "environment_url": ""})
            if states[-1] == "failure":     # a retry that works
                did += 1
                at2 = at + timedelta(minutes=30)
                deps.append(dict(d, id=did, created_at=iso(at2),
                                 updated_at=iso(at2),
                                 url=f"{API}/{repo}/deployments/{did}",
                                 statuses_url=f"{API}/{repo}/deployments/"
                                 f"{did}/statuses"))
                sid += 1
                statuses.append(dict(statuses[-1], id=sid, state="success",
                                     created_at=iso(at2),
                                     updated_at=iso(at2),
                                     deployment_url=f"{API}/{repo}/"
                                     f"deployments/{did}",
                                     url=f"{API}/{repo}/deployments/{did}/"
                                     f"statuses/{sid}"))
    for i, month in enumerate(by_month(deps, lambda d: datetime.fromisoformat(
            d["created_at"].replace("Z", "+00:00")))):
        write(f"{out}/deployments-{MONTHS[i]}.json", month)
    for i, month in enumerate(by_month(statuses,
                                       lambda s: datetime.fromisoformat(
                                           s["created_at"].replace(
                                               "Z", "+00:00")))):
        write(f"{out}/deployment-statuses-{MONTHS[i]}.json", month)
    return prs


# ------------------------------------------------------------- payroll-web

def fi_data(text):
    b = text.encode()
    return f"data {len(b)}\n".encode() + b + b"\n"


def payroll_web():
    """The history as fast-import streams, one per month, then the shas."""
    repo = "acme-payroll/payroll-web"
    prs = plan_changes(repo, 30, 60, web_story)
    events = []     # (time, kind, payload)
    for p in prs:
        if not p["closed_only"]:
            events.append((p["merged"], "merge", p))
    push = datetime(2026, 3, 10, 16, 5, tzinfo=timezone.utc)
    events.append((push, "push", None))
    events.sort(key=lambda e: e[0])
    streams = [[] for _ in MONTHS]
    mark = [0]

    def next_mark():
        mark[0] += 1
        return mark[0]

    def person(login):
        if login.endswith("[bot]"):
            return ("dependabot[bot]",
                    "49699333+dependabot[bot]@users.noreply.github.com")
        return DEVS[login]

    def commit(out, ref, who, when, msg, parent, merge=None, path=None):
        m = next_mark()
        name, email = person(who)
        ts = int(when.timestamp())
        out.append(f"commit {ref}\nmark :{m}\n".encode())
        out.append(f"author {name} <{email}> {ts} +0000\n".encode())
        out.append(f"committer {name} <{email}> {ts} +0000\n".encode())
        out.append(fi_data(msg))
        if parent is not None:
            out.append(f"from :{parent}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        if path is not None:
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(fi_data(f"{msg}\n"))
        out.append(b"\n")
        return m

    # The root commit goes into the first month's stream.
    root_when = START - timedelta(days=30)
    tip = commit(streams[0], "refs/heads/main", "mgarcia-acme", root_when,
                 "Initial import of payroll-web", None, path="README.md")
    marks = {}
    for when, kind, p in events:
        mi = month_of(when)
        if mi is None:
            continue
        out = streams[mi]
        if kind == "push":
            tip = commit(out, "refs/heads/main", "oking-dev", when,
                         "Fix typo in payslip footer", tip,
                         path="src/footer.txt")
            marks["push"] = tip
            continue
        ref = f"refs/heads/pr-{p['number']}"
        first = prev = None
        for c in range(p["commits"]):
            prev = commit(out, ref, p["author"],
                          p["created"] + timedelta(minutes=10 * c),
                          f"{p['title']} ({c + 1}/{p['commits']})",
                          prev if prev is not None else tip,
                          path=f"src/change-{p['number']}-{c}.txt")
            first = first or prev
        tip = commit(out, "refs/heads/main", p["merged_by"], when,
                     f"Merge pull request #{p['number']} from "
                     f"acme-payroll/pr-{p['number']}\n\n{p['title']}",
                     tip, merge=prev)
        marks[p["number"]] = (first, prev, tip)
    os.makedirs("git", exist_ok=True)
    for i, s in enumerate(streams):
        with open(f"git/payroll-web-{MONTHS[i]}.fi", "wb") as f:
            f.write(b"".join(s))
    # Import the streams to learn the shas.
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run(["git", "init", "-q", "--bare", tmp], check=True)
        mf = os.path.join(tmp, "marks")
        for i in range(len(MONTHS)):
            args = ["git", "-C", tmp, "fast-import", "--quiet",
                    f"--export-marks={mf}"]
            if i > 0:
                args.append(f"--import-marks={mf}")
            with open(f"git/payroll-web-{MONTHS[i]}.fi", "rb") as f:
                subprocess.run(args, stdin=f, check=True)
        sha = {}
        with open(mf) as f:
            for line in f:
                m, s = line.split()
                sha[int(m[1:])] = s
    finally:
        shutil.rmtree(tmp)
    return repo, prs, marks, sha, push


def web_evidence():
    repo, prs, marks, sha, push = payroll_web()
    out = "evidence/github/payroll-web"
    rid = 2700000
    for i, month in enumerate(by_month(prs, lambda p: p["merged"])):
        pulls = []
        reviews = []
        for p in month:
            if p["number"] in marks:
                first, head, merge = (sha[m] for m in marks[p["number"]])
            else:   # closed without merging: never on main
                first = head = fake_sha(repo, p["number"], "head")
                merge = fake_sha(repo, p["number"], "test-merge")
            pulls.append(pull_json(p, head, merge,
                                   fake_sha(repo, "base", p["number"])))
            for who, state, at, which in p["reviews"]:
                rid += 1
                reviews.append(review_json(p, rid, who, state, at,
                                           first if which == "first"
                                           else head))
        write(f"{out}/pulls-{MONTHS[i]}.json", pulls)
        write(f"{out}/reviews-{MONTHS[i]}.json", reviews)
    # The CI deployment log: every Tuesday at 10:00, the head of main.
    merges = sorted([(p["merged"], sha[marks[p["number"]][2]])
                     for p in prs if p["number"] in marks] +
                    [(push, sha[marks["push"]])])
    rows = []
    day = datetime(2025, 7, 1, 10, 0, tzinfo=timezone.utc)
    last = None
    run = 40000
    while day < datetime(2026, 6, 24, tzinfo=timezone.utc):
        if day.weekday() == 1:
            heads = [s for t, s in merges if t < day]
            if heads and heads[-1] != last:
                run += 1
                # The weekly release runs as the release bot; one was
                # started by hand.
                actor = "acme-release[bot]" if run != 40020 else "tbecker"
                rows.append({"time": iso(day), "environment": "production",
                             "sha": heads[-1], "actor": actor,
                             "result": "success",
                             "url": f"https://ci.acme-payroll.com/runs/{run}",
                             "repository": repo, "id": f"run-{run}"})
                last = heads[-1]
        day += timedelta(days=1)
    for i, month in enumerate(by_month(rows, lambda r: datetime.fromisoformat(
            r["time"].replace("Z", "+00:00")))):
        buf = io.StringIO()
        w = csv.DictWriter(buf, ["time", "environment", "sha", "actor",
                                 "result", "url", "repository", "id"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(month)
        os.makedirs("evidence/ci", exist_ok=True)
        with open(f"evidence/ci/payroll-web-deployments-{MONTHS[i]}.csv",
                  "w") as f:
            f.write(buf.getvalue())


# -------------------------------------------------------- branch protection

def protection(repo, admins, day):
    base = f"{API}/{repo}/branches/main/protection"
    return {
        "url": base,
        "required_status_checks": {"url": base + "/required_status_checks",
                                   "strict": True, "contexts": ["ci/test"],
                                   "checks": [{"context": "ci/test",
                                               "app_id": None}]},
        "required_pull_request_reviews": {
            "url": base + "/required_pull_request_reviews",
            "dismiss_stale_reviews": True,
            "require_code_owner_reviews": False,
            "require_last_push_approval": False,
            "required_approving_review_count": 1},
        "required_signatures": {"url": base + "/required_signatures",
                                "enabled": False},
        "enforce_admins": {"url": base + "/enforce_admins",
                           "enabled": admins},
        "required_linear_history": {"enabled": False},
        "allow_force_pushes": {"enabled": False},
        "allow_deletions": {"enabled": False},
    }


def main():
    payroll_api()
    web_evidence()
    for day in MONTHS:
        write(f"evidence/github/payroll-api/branch-protection-main-{day}"
              ".json", protection("acme-payroll/payroll-api", True, day))
        write(f"evidence/github/payroll-web/branch-protection-main-{day}"
              ".json", protection("acme-payroll/payroll-web", False, day))


if __name__ == "__main__":
    main()
