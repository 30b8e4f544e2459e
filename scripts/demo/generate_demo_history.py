#!/usr/bin/env python3
"""Generate Sift's demo ticket history for the fictional company "Acme Logistics".

Acme Logistics is an invented mid-sized logistics firm (HQ in Rotterdam, distribution
centres and depots in Hamburg, Lyon, Gdansk and Antwerp, a sales office in Leeds).
All ticket texts below were written for this project from scratch; names, host names,
document numbers and e-mail addresses are fictional (e-mail only on example.com).

The output is a deterministic CSV (RFC 4180, UTF-8) that is loaded into the demo tenant
so that nearest-neighbour triage over past tickets returns sensible suggestions.

Usage:
    python3 scripts/demo/generate_demo_history.py [--out PATH]

Standard library only; fixed seed, so the output is byte-identical on every run.
"""

import argparse
import csv
import math
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261123
N_REGULAR = 440
UTC = timezone.utc
START = datetime(2026, 5, 1, tzinfo=UTC)
END = datetime(2026, 10, 31, 23, 59, tzinfo=UTC)
# Moment the history was "exported": anything resolved after it is still open.
SNAPSHOT = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)

HEADER = ["id", "subject", "body", "category", "subcategory", "priority",
          "assignmentGroup", "assignee", "requester", "client", "createdAt",
          "resolvedAt", "resolution"]

DEFAULT_OUT = (Path(__file__).resolve().parents[2]
               / "triage-service" / "app" / "src" / "main" / "resources" / "demo" / "tickets.csv")

H = 60
D = 24 * 60

# --------------------------------------------------------------------------------------
# Organisation
# --------------------------------------------------------------------------------------

SITES = {
    "Rotterdam HQ": dict(code="RTM", lang="nl", plant="NL01",
                         rooms=["Maas", "Erasmus", "Euromast", "Boardroom 5.01"]),
    "Hamburg DC": dict(code="HAM", lang="de", plant="DE10",
                       rooms=["Elbe", "Alster", "Schulungsraum EG"]),
    "Lyon Depot": dict(code="LYO", lang="fr", plant="FR20", rooms=["Rhône", "Saône"]),
    "Leeds Office": dict(code="LDS", lang="en", plant="GB40",
                         rooms=["Aire", "Kirkstall", "Headingley"]),
    "Gdansk Hub": dict(code="GDN", lang="pl", plant="PL30",
                       rooms=["Motlawa", "Westerplatte", "Oliwa"]),
    "Antwerp Cross-Dock": dict(code="ANR", lang="nl", plant="BE50", rooms=["Schelde"]),
}

# username, job title, site, kind ("wh" = warehouse floor / operations, "of" = office)
PEOPLE = [
    ("sanne.visser", "Customer Service Agent", "Rotterdam HQ", "of"),
    ("ruben.dekker", "Finance Controller", "Rotterdam HQ", "of"),
    ("lotte.mulder", "HR Advisor", "Rotterdam HQ", "of"),
    ("daan.smit", "Transport Planner", "Rotterdam HQ", "of"),
    ("femke.bos", "Account Manager", "Rotterdam HQ", "of"),
    ("joost.vandenberg", "Head of Finance", "Rotterdam HQ", "of"),
    ("iris.meijer", "Office Manager", "Rotterdam HQ", "of"),
    ("thijs.vermeulen", "Transport Planner", "Rotterdam HQ", "of"),
    ("noor.elamrani", "Customer Service Team Lead", "Rotterdam HQ", "of"),
    ("willem.kok", "Procurement Specialist", "Rotterdam HQ", "of"),
    ("eva.hendriks", "Payroll Specialist", "Rotterdam HQ", "of"),
    ("mark.degroot", "Sales Director", "Rotterdam HQ", "of"),
    ("lisa.brouwer", "Marketing Coordinator", "Rotterdam HQ", "of"),
    ("sven.peters", "Business Analyst", "Rotterdam HQ", "of"),
    ("anouk.jacobs", "Legal Counsel", "Rotterdam HQ", "of"),
    ("bram.willems", "Fleet Coordinator", "Rotterdam HQ", "wh"),
    ("fatima.bakkali", "Customer Service Agent", "Rotterdam HQ", "of"),
    ("rick.vandijk", "Facility Coordinator", "Rotterdam HQ", "of"),
    ("jan.schroeder", "Warehouse Supervisor", "Hamburg DC", "wh"),
    ("katrin.mueller", "Shift Lead Inbound", "Hamburg DC", "wh"),
    ("tobias.wagner", "Shift Lead Outbound", "Hamburg DC", "wh"),
    ("melanie.becker", "Inventory Controller", "Hamburg DC", "wh"),
    ("dennis.schulz", "Site Manager", "Hamburg DC", "wh"),
    ("nina.krause", "Logistics Clerk", "Hamburg DC", "of"),
    ("marcel.richter", "Forklift Team Lead", "Hamburg DC", "wh"),
    ("sabine.koch", "Admin Assistant", "Hamburg DC", "of"),
    ("yusuf.demir", "Returns Coordinator", "Hamburg DC", "wh"),
    ("julia.neumann", "Customs Clerk", "Hamburg DC", "of"),
    ("oliver.zimmermann", "Maintenance Technician", "Hamburg DC", "wh"),
    ("anja.schmitt", "Quality Coordinator", "Hamburg DC", "wh"),
    ("camille.bernard", "Depot Manager", "Lyon Depot", "wh"),
    ("julien.petit", "Dispatch Coordinator", "Lyon Depot", "wh"),
    ("manon.robert", "Administration Assistant", "Lyon Depot", "of"),
    ("hugo.richard", "Warehouse Operator Lead", "Lyon Depot", "wh"),
    ("chloe.durand", "Transport Planner", "Lyon Depot", "of"),
    ("theo.lefevre", "Inventory Clerk", "Lyon Depot", "wh"),
    ("sarah.garnier", "Customer Service Agent", "Lyon Depot", "of"),
    ("antoine.faure", "Shift Supervisor", "Lyon Depot", "wh"),
    ("james.whitaker", "Commercial Manager", "Leeds Office", "of"),
    ("olivia.hughes", "Account Manager", "Leeds Office", "of"),
    ("george.patel", "Finance Analyst", "Leeds Office", "of"),
    ("amelia.wright", "Customer Service Team Lead", "Leeds Office", "of"),
    ("harry.thompson", "Sales Executive", "Leeds Office", "of"),
    ("grace.ahmed", "HR Business Partner", "Leeds Office", "of"),
    ("jack.robinson", "Operations Manager UK", "Leeds Office", "of"),
    ("sophie.turner", "Credit Controller", "Leeds Office", "of"),
    ("liam.oconnor", "Transport Planner", "Leeds Office", "of"),
    ("katarzyna.nowicka", "Shared Services Team Lead", "Gdansk Hub", "of"),
    ("michal.wojcik", "Accounts Payable Specialist", "Gdansk Hub", "of"),
    ("anna.kaminska", "Accounts Receivable Specialist", "Gdansk Hub", "of"),
    ("tomasz.lewandowski", "Hub Supervisor", "Gdansk Hub", "wh"),
    ("marta.dabrowska", "Inventory Controller", "Gdansk Hub", "wh"),
    ("pawel.kaczmarek", "Warehouse Operator Lead", "Gdansk Hub", "wh"),
    ("zofia.mazur", "Payroll Specialist", "Gdansk Hub", "of"),
    ("krzysztof.wisniewski", "Reporting Analyst", "Gdansk Hub", "of"),
    ("joanna.krol", "Customer Service Agent", "Gdansk Hub", "of"),
    ("pieter.claes", "Cross-Dock Supervisor", "Antwerp Cross-Dock", "wh"),
    ("elke.wouters", "Customs Specialist", "Antwerp Cross-Dock", "of"),
    ("koen.maes", "Shift Lead", "Antwerp Cross-Dock", "wh"),
    ("ines.goossens", "Planner", "Antwerp Cross-Dock", "of"),
]

LAST_NAME_DISPLAY = {"vandenberg": "van den Berg", "degroot": "de Groot", "vandijk": "van Dijk",
                     "elamrani": "El Amrani", "oconnor": "O'Connor"}

GROUPS = {
    "L1": "Service Desk L1",
    "NET": "Network Operations",
    "IAM": "Identity & Access",
    "EUC": "End User Computing",
    "MSG": "Messaging & Collaboration",
    "ERP": "ERP Support",
    "WHS": "Warehouse Systems",
    "SEC": "Security Operations",
}

ASSIGNEES = {
    "Service Desk L1": [("tom.bakker", 3), ("priya.shah", 3), ("lukas.weber", 2), ("emma.clarke", 2)],
    "Network Operations": [("marco.rossi", 3), ("jan.devries", 2), ("ola.nowak", 2)],
    "Identity & Access": [("sofia.martins", 3), ("daniel.kim", 2), ("hannah.fischer", 2)],
    "End User Computing": [("kevin.osei", 3), ("lea.dubois", 2), ("piotr.zielinski", 2), ("ruth.evans", 2)],
    "Messaging & Collaboration": [("anna.lindqvist", 3), ("sam.taylor", 2), ("nils.haugen", 1)],
    "ERP Support": [("rahul.mehta", 3), ("claire.moreau", 2), ("stefan.braun", 2)],
    "Warehouse Systems": [("bart.jansen", 3), ("agnieszka.kowal", 2), ("felix.hoffmann", 2)],
    "Security Operations": [("nadia.haddad", 2), ("chris.walker", 2)],
}

# Desk-side technicians of End User Computing cover particular sites.
EUC_SITE_TECH = {
    "Rotterdam HQ": "kevin.osei", "Antwerp Cross-Dock": "kevin.osei",
    "Lyon Depot": "lea.dubois", "Gdansk Hub": "piotr.zielinski",
    "Hamburg DC": "piotr.zielinski", "Leeds Office": "ruth.evans",
}

NEW_FIRST = ["Lars", "Mila", "Kevin", "Aylin", "Bas", "Chiara", "Mateusz", "Elif", "Owen", "Jana",
             "Rayan", "Sophie", "Timo", "Lena", "Nathan", "Wiktoria", "Luca", "Emre", "Hanna", "Ben",
             "Maxime", "Ilse", "Dominik", "Yara"]
NEW_LAST = ["Jansen", "Lambert", "Kowalczyk", "Yilmaz", "Baker", "Vos", "Fontaine", "Schneider",
            "Nowak", "Dijkstra", "Carter", "Leroy", "Hartmann", "Sikora", "Peeters", "Walsh"]
NEW_TITLES = ["Transport Planner", "Warehouse Operator", "Customer Service Agent", "Inventory Clerk",
              "Accounts Payable Specialist", "Shift Lead", "Account Manager", "Customs Clerk",
              "Working Student", "Dispatch Coordinator"]

# --------------------------------------------------------------------------------------
# Scenario templates
#
# One template per line. A line may start with
#   "@de " / "@nl "   only used when the requester's site speaks that language,
#   "!"               (bodies) the wording implies wide impact -> higher priority,
#   "tag1,tag2| "     issue tags. A body's tags decide which subjects and resolutions
#                     fit it: same-tag lines or untagged (generic) lines.
# "{name}" is a per-ticket slot; "{name:value}" in a body presets that slot.
# --------------------------------------------------------------------------------------

SCENARIOS = []
LINE_RE = re.compile(r"^(?:@(\w\w)\s+)?(!)?(?:([\w,]*)\|\s*)?(.*)$")


def T(block):
    out = []
    for ln in block.strip().splitlines():
        ln = ln.strip()
        if not ln:
            continue
        lang, bang, tags, text = LINE_RE.match(ln).groups()
        out.append(dict(text=text.replace("\\n", "\n"), lang=lang, urgent=bool(bang),
                        tags=frozenset(t for t in (tags or "").split(",") if t)))
    return out


def SC(cat, sub, w, groups, pri, ttr, subjects, bodies, res, req=None, urgent=None):
    """Register a scenario.

    w       relative frequency (roughly tickets per 440)
    groups  {group key: weight}
    pri     weights for (P1, P2, P3, P4)
    ttr     (min, max) resolution minutes for a P3 ticket, sampled log-uniformly
    req     requester kind filter: "wh", "of" or None
    urgent  pool key for urgency sentences (default: personal)
    """
    SCENARIOS.append(dict(cat=cat, sub=sub, w=w, groups=groups, pri=pri, ttr=ttr,
                          subjects=T(subjects), bodies=T(bodies), res=T(res), req=req,
                          urgent=urgent or URGENT_KEY.get(cat, "default")))


URGENT_KEY = {"Warehouse/WMS": "Warehouse/WMS", "ERP/SAP": "ERP/SAP", "Security": "Security"}

# ---------------------------------- Access -------------------------------------------

SC("Access", "Password reset", 26, {"L1": 85, "IAM": 15}, (0, 2, 47, 51), (5, 40), """
Password reset
password reset please
Forgot my password
Need my password reset asap
Reset my password pls
Password reset needed for {first}
New password please, old one doesn't work
Can't log in - need password reset
exp| Password expired, can't log in
exp| can't log in to laptop - password expired
exp,home| Password expired while working from home
hol| Login problem after holiday - password?
hol| Forgot password after my holiday
chg| Windows password not accepted anymore
chg| Changed my password and now nothing works
sspr| Self service password reset doesn't work
@nl Wachtwoord vergeten
@nl exp| Wachtwoord verlopen, kan niet inloggen
@de exp| Passwort abgelaufen
@de Passwort vergessen - bitte zurücksetzen
""", """
forgot| I forgot my password over the weekend and can't log in to {host}. Can you reset it please?
exp| My password expired this morning and now Windows says "The user name or password is incorrect". I'm in {site} today.
hol| Back from two weeks of holiday and my password doesn't work anymore. Could you please give me a temporary one?
chg| Windows asked me to change my password, I did, but now neither the old nor the new one works on {host}.
I can't log in to my laptop. It keeps saying the password is wrong but I'm quite sure I'm typing it correctly, maybe it expired?
Need a password reset for my account please. I'm writing this from a colleague's PC because I can't get in myself.
sspr| The self-service reset page says my account is not registered for password reset. Can someone reset it for me?
exp,home| Password expired while I was working from home and now the laptop won't accept the new one at the login screen.
chg| I changed my password on my phone yesterday and now I can't log in to Windows with it. The old one doesn't work either.
forgot| Can't remember my password, sorry! Typed it wrong a few times already.
@de exp| Passwort ist abgelaufen und ich komme nicht mehr rein. Can you reset it please?
@nl forgot| Ik ben mijn wachtwoord vergeten. Can you reset it so I can log in to {host}?
""", """
Verified identity via callback, reset password in AD with change at next logon. User logged in successfully.
Reset password and unlocked account; user confirmed login.
Identity verified with line manager. Temporary password given by phone, user changed it at first logon.
home| Password reset in AD. Advised user to connect to VPN first so the cached credentials on the laptop update.
sspr| Reset password and registered the user for self-service password reset during the call.
sspr,forgot,hol| Reset password and walked the user through SSPR registration so next time they can do it themselves.
chg| User was still using the old password on the laptop after changing it on the phone. Connected via VPN to refresh cached credentials, login OK.
Reset password after identity check (employee ID + callback). Confirmed login to Windows and Outlook.
""")

SC("Access", "Password reset", 6, {"L1": 75, "IAM": 25}, (0, 2, 55, 43), (10, 60), """
Please reset password for a colleague
Password reset on behalf of team member
col| Password reset for {colleague_first}
col| {colleague_first} can't log in - password
col| Reset on behalf of {colleague_name}
temp| pw reset for temp worker
temp| Password for warehouse temp not working
""", """
col| {colleague_name} in my team forgot their password and is standing next to me. Can you call them on {ext}?
temp| One of our temp workers ({newstarter}) forgot the password for the shared warehouse PC login ({wpc}). Can you reset it?
col| Could you reset the password for {colleague_name}? They don't have a working laptop at the moment so I'm raising it for them.
col| Please reset the password for {colleague_name}, back from long-term leave today and nothing works.
temp| Our agency worker {newstarter} can't log in at {wpc}, says password incorrect. Shift starts in 20 minutes.
col| {colleague_name} is locked out and has no access to e-mail to raise a ticket. Password reset needed please.
""", """
Reset password for the named user after manager verification; user changed it at first logon.
Called the user on the number provided, verified identity and reset password. Login confirmed.
col| Identity confirmed with the user directly via Teams video call. Password reset and shared by phone.
temp| Temp account password reset, confirmed with site supervisor. User logged in on {wpc}.
""")

SC("Access", "Account locked", 12, {"L1": 80, "IAM": 20}, (0, 2, 60, 38), (5, 45), """
Account locked
Locked out of my account
Account locked out again
"Account is locked" when logging in
Locked after too many attempts
can't login - account locked
Account locked, please unlock
Locked out of Windows
@de Konto gesperrt
@nl Account geblokkeerd
""", """
I'm getting "The referenced account is currently locked out and may not be logged on to" on {host}.
Typed my password wrong a few times too many and now I'm locked out. Please unlock.
Can't log in to anything, it says the account is locked. I have a meeting in 30 minutes.
Locked out of Windows and Outlook since this morning.
My account got locked while I was logging in on the shared PC {wpc}.
My account is locked. I didn't change anything, it just stopped working {when}.
Account locked again. Please unlock as soon as possible, I'm on the phone with customers all day.
""", """
Unlocked account in AD, user logged in fine.
Account unlocked after identity check. User confirmed access.
Unlocked account and reset bad password count. Reminded user about the SSPR unlock option.
Unlocked the account; lockout was caused by repeated typos. User logged in.
Unlocked account in AD and confirmed the user could log in.
""")

SC("Access", "Account locked", 6, {"L1": 45, "IAM": 55}, (0, 2, 72, 26), (60, 480), """
Account keeps locking every morning
Account locked again - 3rd time this week
Constant lockouts since password change
Why does my account keep getting locked??
Account locks every hour
Recurring account lockout
""", """
My account keeps getting locked every hour or so, even though I haven't typed a wrong password. I changed my password on Friday.
Locked out again. This is the third time this week, I think something still has my old password.
phone| Since my password change my account locks itself out a few times a day. I have Outlook on my phone and on the laptop.
Every morning at around 8 my account is locked. Unlocking helps until the next day.
phone| Account locked again just now. Someone said my old phone might still be trying to sync mail with the old password?
""", """
phone| Lockout source traced to the old password cached in the phone mail app. Removed and re-added the account, unlocked in AD.
Found a stale mapped drive using old credentials on {host}. Cleared Credential Manager entries and unlocked account.
Lockouts came from an old Teams session on a second laptop; signed out remotely and unlocked. No lockouts since.
Checked lockout events on the DC: a scheduled task on {desktop} ran with the user's old password. Task updated, account unlocked.
phone| Old tablet still syncing mail with the previous password. User removed the account from it; monitored for 24h, no further lockouts.
""")

SC("Access", "New account", 14, {"IAM": 80, "L1": 20}, (0, 1, 30, 69), (10 * H, 3 * D), """
New starter {newstarter} - account needed
New user account request
Account for new employee starting {startdate}
New joiner: {newstarter}, {newtitle}
Onboarding - {newstarter} starting {startdate}
User account + e-mail for {newstarter}
New colleague next week, accounts please
temp| Please create login for new temp
temp| Temp worker needs WMS account
@de Neuer Mitarbeiter ab {startdate}
@nl Nieuwe medewerker - account aanmaken
""", """
We have a new {newtitle} starting on {startdate}: {newstarter}. Please create a Windows account, e-mail and the same folder access as {colleague_name}.
New joiner {newstarter} starts {startdate} in {site}. Needs laptop login, Outlook, Teams and SAP display access. I'm the manager.
temp| Can you set up an account for our new temp worker {newstarter}? Only needs WMS and the shared warehouse PC, contract is 3 months.
Please create accounts for {newstarter} (start date {startdate}). Copy permissions from {colleague_name}. HR form has been submitted.
{newstarter} is starting with us next week as {newtitle}. I don't see an account in the address book yet, is that in progress?
laptop| Onboarding request for {newstarter}, {newtitle}, starting {startdate}. Also needs a laptop, ideally with two monitors like the rest of the team.
temp| Could you make an account for {newstarter}? Starts {startdate}, will work in {site} on the early shift and needs scanner login.
""", """
Created AD account and M365 mailbox, added to {site} groups mirroring the reference user. Credentials sent to the manager.
Account created per HR onboarding form; licence assigned, SAP access request forwarded to ERP Support. Manager informed.
temp| Created temp account with expiry date set to contract end, WMS role assigned. Details handed to the site supervisor.
Account and mailbox provisioned, welcome pack with first-login instructions sent to the manager.
laptop| New account created and added to distribution lists for {site}. Laptop request raised separately with End User Computing.
""")

SC("Access", "Permissions", 16, {"IAM": 75, "L1": 25}, (0, 1, 50, 49), (H, 26 * H), """
Access request
Permissions needed
share| Access to shared drive {share}
share| Need access to {share}
share| Permission denied on {share}
share| Can't open folder on S: drive
share| Read-only on planning file?
sp| Please add me to the {team_group} group
sp| Access request – {team_group} SharePoint
sp| Access to {team_group} Teams channel
@de share| Rechte für Ordner {share}
@nl share| Toegang tot map nodig
""", """
share| I need read/write access to {share} for the month-end close. My manager {mgr} has approved.
share| When I open {share} I get "You don't have permission to access this folder". I had access last week.
sp| Could you add me to the {team_group} Teams team and SharePoint site? I have just moved teams.
share| Please give {colleague_name} the same folder access as me on {share}, they're covering while I'm on leave.
sp| Access denied when opening the {team_group} SharePoint site. I clicked "request access" two days ago but nothing happened.
share| Need edit rights on the planning Excel in {share}, it currently only opens read-only.
sp| I started in the {team_group} team this week and can't see any of their files yet. {mgr} said to log a ticket.
""", """
User was removed from the group during the team move; re-added to the correct group. Access confirmed.
share| Added user to the security group for {share} after manager approval. User logged off/on and confirmed access.
share| Approval received from {mgr}. Modify rights granted on {share}, user confirmed the file opens in edit mode.
share| Granted read access only as per the data owner's decision; write access declined, user informed.
sp| Access granted on the SharePoint site after approval from the site owner.
sp| Added to the {team_group} group; advised to log off and on again for group membership to apply.
""")

SC("Access", "MFA", 12, {"IAM": 55, "L1": 40, "SEC": 5}, (0, 2, 62, 36), (15, 3 * H), """
2FA not working
MFA problem - can't sign in
newphone| MFA not working on new phone
newphone| Authenticator app - got a new phone
newphone| Need MFA reset, phone broken
newphone| Authenticator shows no account
noprompt| Not receiving MFA prompts
noprompt| Can't approve sign-in request
noprompt| Teams keeps asking for verification
code| MFA code rejected
code| Sign-in blocked - verification code wrong
abroad| Can't get SMS code abroad
""", """
newphone| I got a new phone and the Microsoft Authenticator app doesn't show my Acme account anymore, so I can't sign in.
noprompt| No MFA notifications are coming through {when}. The number matching screen shows on the laptop but nothing on my phone.
code| The code from the authenticator app is rejected every time: "The verification code you entered is incorrect."
newphone| My phone broke over the weekend. Can you reset my MFA so I can register the new one?
noprompt| Every time I open Outlook it asks me to approve a sign-in but the prompt never arrives on the phone.
abroad| I'm abroad visiting a customer and can't receive the SMS code. Is there another way to sign in?
newphone| Set up Authenticator on the new company phone ({phone_model}) but it says the QR code is expired.
""", """
Re-registered the MFA methods with the user on a call; sign-in confirmed.
newphone| Cleared MFA registration in Entra ID after identity verification; user re-registered Authenticator on the new phone.
newphone,abroad| Issued a Temporary Access Pass so the user could register the device. Confirmed sign-in works.
newphone| Generated a new registration QR code and stayed on the call until sign-in worked.
code| Phone clock was out of sync causing rejected codes. Enabled automatic time, codes accepted.
noprompt| Notifications for Authenticator were disabled in the phone settings. Re-enabled, prompts arriving.
abroad| Added Authenticator push as default method so the user no longer depends on SMS while travelling.
""")

# ---------------------------------- Email --------------------------------------------

SC("Email", "Outlook", 8, {"MSG": 60, "L1": 35, "EUC": 5}, (0, 3, 70, 27), (20, 4 * H), """
Outlook not opening
Outlook not working
load| outlook stuck on loading profile
crash| Outlook keeps crashing on start
update| Outlook won't start after update
freeze| Outlook freezes - not responding
att| Outlook crashes when opening attachments
@nl Outlook opent niet
@de freeze| Outlook hängt sich auf
""", """
load| Outlook won't open on {host}. It stays on "Loading profile..." forever.
load| Getting "Cannot start Microsoft Outlook. Cannot open the Outlook window. The set of folders cannot be opened." when I start it.
crash| Outlook crashes as soon as I click on the inbox. Restarted the laptop twice, same thing.
update| Since this morning's update Outlook shows "Not responding" every few minutes and then closes.
att| Outlook closes immediately whenever I try to open a PDF attachment. Other mails are fine.
freeze| Outlook is frozen, can't click anything. Task manager shows it at 100% CPU.
""", """
Ran Office Quick Repair and recreated the profile. User confirmed.
load,crash| Rebuilt the Outlook profile and OST file; Outlook opens normally.
att,crash| Started Outlook in safe mode and disabled a faulty PDF add-in. Outlook stable since.
freeze,load| OST had grown to 48 GB; reduced cached mode to 12 months and rebuilt. Outlook starts in seconds now.
update| Office was half-updated; completed the pending update and rebooted {host}. Outlook working.
""")

SC("Email", "Outlook", 7, {"MSG": 65, "L1": 35}, (0, 5, 70, 25), (20, 4 * H), """
Email problem
Outlook send/receive issue
outbox| Emails stuck in outbox
outbox| Can't send emails
disc| Outlook says Disconnected
disc,sync| Outlook not syncing
ext,bounce| Not receiving external emails
ext,bounce| emails not arriving from customer
@de outbox| Mails bleiben im Postausgang
""", """
outbox| I have 3 emails stuck in my outbox, one with a 30 MB attachment. Now the others won't send either.
disc| Outlook status bar says "Disconnected" although the internet works fine.
ext| I haven't received any external emails since around 10:00, internal ones are fine. A customer says they have sent several.
sync| Outlook on my laptop isn't showing new emails but they do appear on my phone.
bounce| A contact at {carrier} says their emails to me bounce. I don't get anything from them.
outbox| When I send an email it just sits there in the Outbox. Send/Receive doesn't help.
""", """
outbox| Large attachment was blocking the outbox; moved it to drafts and shared the file via OneDrive link instead. Outbox cleared.
outbox| Outbox item was corrupt; deleted it via Outlook on the web and the queue sent.
disc,sync| Outlook was in Work Offline mode. Toggled it off, mail syncing.
disc,sync| Cleared cached credentials and reset the OST; sync restored.
ext| Message trace showed the mails in quarantine due to a new spam rule. Released them and added the sender domain to the allow list.
bounce| Sender's domain had a failing SPF record, so mails were rejected. Informed their IT; mails arriving since their fix.
""")

SC("Email", "Outlook", 5, {"MSG": 55, "L1": 45}, (0, 0, 65, 35), (30, 6 * H), """
search| Outlook search returns nothing
search| Search in Outlook broken
search| Can't find old emails with search
prompt| Outlook keeps asking for my password
prompt| Outlook prompts for credentials all the time
""", """
search| Search in Outlook shows "We couldn't find what you're looking for" for emails I know are there.
prompt| Outlook pops up a password window every 10 minutes. Entering the password helps for a while.
search| When I search for a customer name I only get results from the last few weeks.
prompt| Outlook keeps asking for credentials since my password change. Very annoying.
""", """
search| Rebuilt the Windows search index and confirmed Outlook is included. Search returns results again.
search| Cached mode was limited to 3 months, older items only on server. Showed user how to search all mailbox items.
prompt| Removed stale credentials from Credential Manager and signed in again to Office. Prompts stopped.
prompt| Reset the Office identity cache (signed out of all Office apps, signed back in). No more prompts.
""")

SC("Email", "Mailbox", 6, {"MSG": 80, "L1": 20}, (0, 1, 64, 35), (H, 24 * H), """
Mailbox full
"Your mailbox is almost full" warning
Can't send - mailbox over quota
Mailbox size limit reached
Need more mailbox space
@de Postfach voll
@nl Mailbox vol
""", """
I keep getting "Your mailbox is almost full" and now I can't send anything.
Outlook says my mailbox is over its size limit. I need all my emails for customer disputes, can it be increased?
My mailbox is full and I'm not sure what I can delete. Is there an archive option?
Getting bounce messages saying my mailbox is full. I already emptied deleted items.
""", """
Enabled online archive with a 2-year retention policy; mailbox usage dropped to 40%.
Increased quota after approval and showed user how to clean up Sent Items with large attachments.
Online archive enabled and auto-expanding archiving activated. User can send again.
Emptied Recoverable Items after confirming with the user, freed 6 GB. Warnings gone.
""")

SC("Email", "Mailbox", 4, {"MSG": 80, "L1": 20}, (0, 2, 70, 28), (H, 10 * H), """
Restore deleted mails please
Need to recover deleted emails
folder| Accidentally deleted a folder in Outlook
gone,rule| Emails disappeared from inbox
""", """
folder| I accidentally deleted a folder with all my {carrier} correspondence. Is there a way to get it back?
gone| All emails from last Tuesday are gone from my inbox. I didn't delete them, at least I don't think so.
del| Deleted an important email from a customer by mistake and also emptied the deleted items. Help!
rule| A rule I created moved half my inbox somewhere and I can't find the emails.
""", """
folder| Recovered the folder from Recoverable Items and restored it to the mailbox root.
rule,gone| Found the emails in a subfolder created by an inbox rule; disabled the rule and moved them back.
del| Restored the deleted message via Recover Deleted Items; user confirmed.
gone| Mails had been moved by the retention policy; showed user the Online Archive.
""")

SC("Email", "Mailbox", 4, {"MSG": 70, "L1": 30}, (0, 0, 30, 70), (4 * H, 2 * D), """
Mailbox of leaver
ooo| Please set auto reply on {colleague_first}'s mailbox
ooo| Auto-reply for colleague on long leave
ooo,fwd| Out of office for leaver
fwd| Forward emails of former employee
access| Mailbox of leaver - access for manager
""", """
ooo,fwd| {colleague_name} has left the company as of Friday. Could you set an automatic reply and forward new emails to me?
access| Please give me access to the mailbox of {colleague_name}, who left last week, so I can handle open customer requests.
ooo| {colleague_name} is on long-term sick leave. Can you set an out-of-office on their mailbox pointing customers to the team inbox?
fwd| Can we have a forward on {colleague_name}'s mailbox to the {shared_mb} mailbox for the next 3 months?
""", """
ooo,fwd,access| Converted the leaver's mailbox to shared, set auto-reply and granted the manager full access after HR confirmation.
fwd| Forward set to {shared_mb} for 90 days as requested.
ooo| Automatic reply configured with the text provided, HR approval on file.
access| Delegate access granted to the requesting manager per leaver process. Mailbox appears in Outlook after restart.
""")

SC("Email", "Shared mailbox", 7, {"MSG": 75, "IAM": 15, "L1": 10}, (0, 1, 62, 37), (H, 24 * H), """
can't open shared mailbox
Shared mailbox problem
req| Access to {shared_mb} mailbox
req| Please add me to the {shared_mb} mailbox
gone| {shared_mb} disappeared from Outlook
show| Shared mailbox not showing in Outlook
@nl req| Toegang tot gedeelde mailbox {shared_mb}
""", """
req| Could you give me access to the {shared_mb} shared mailbox? I'm joining the team next week.
gone| The {shared_mb} mailbox is gone from my Outlook folder list {when}.
show| I was added to {shared_mb} but it doesn't appear in Outlook. I restarted it already.
When I click on {shared_mb} I get "Cannot expand the folder. The set of folders cannot be opened."
req| {mgr} asked me to help out on {shared_mb} during the holidays. Access please.
""", """
Removed and re-added the permission on {shared_mb} to trigger automapping. Mailbox visible again.
req| Granted Full Access on {shared_mb}; mailbox auto-mapped after Outlook restart.
gone| User had been removed during the quarterly access review. Re-added with manager approval.
show| Added the mailbox manually via Account Settings as automapping was disabled for it.
""")

SC("Email", "Shared mailbox", 4, {"MSG": 80, "L1": 20}, (0, 1, 55, 44), (2 * H, 2 * D), """
sendas| can't send as {shared_mb}
sendas| Send As permission needed
new| New shared mailbox request
name| Emails from shared mailbox go out with my name
sent| Replies from {shared_mb} land in my sent items
""", """
sendas| When I send from {shared_mb} I get "You don't have permission to send the message on behalf of the specified user".
new| We need a new shared mailbox for the {team_group} team, with 6 members. List of names attached.
name| Customers see my name instead of {shared_mb} when I reply from the team inbox.
sent| Sent emails from {shared_mb} are saved in my personal sent items instead of the shared one.
""", """
sendas| Granted Send As on {shared_mb}; replaced the cached address in the From field. Sending works.
new| Created shared mailbox and added members per list. Address communicated to the team lead.
sent| Set the mailbox to save sent items in its own Sent folder.
name| User had Send on Behalf only; changed to Send As as requested by the mailbox owner.
""")

SC("Email", "Calendar", 8, {"MSG": 60, "L1": 40}, (0, 1, 60, 39), (30, 8 * H), """
Calendar problem
Outlook calendar issue
share| Can't see colleague's calendar
ext| Meeting invites disappearing
deleg| Calendar delegate issue
room| Room {room} not accepting meetings
room| Can't book meeting room
dup| Duplicate meetings in my calendar
teams| Teams link missing from meeting invite
tz| Meetings showing at the wrong time
@de share| Kalender freigeben
""", """
share| I can't see {colleague_name}'s calendar details anymore, only free/busy. They said they shared it with me.
ext| Meeting invitations from outside the company disappear from my inbox before I can accept them.
deleg| I manage {mgr}'s calendar but since last week invites go only to them and not to me.
room| When I book room {room} it gets declined automatically, even when it's free.
dup| Every meeting appears twice in my calendar. Deleting one deletes both.
teams| The "Teams meeting" button is missing in my Outlook calendar, so no link is added to invites.
tz| Since I travelled to the UK office all my meetings show one hour off.
""", """
share| Re-applied calendar permissions (Reviewer) from the owner's mailbox. Details visible.
ext| A mobile mail app was auto-processing invites; removed the old device partnership. Invites stay in the inbox.
deleg| Delegate settings were reset after mailbox move; re-added delegate with "send invites to delegate and me".
room| Room mailbox booking policy limited to 60 minutes; adjusted to 4 hours for {room}.
dup| Removed duplicate calendar connection on the phone that was re-importing items.
teams| Re-enabled the Teams Meeting add-in in Outlook (it had been disabled as slow). Button is back.
tz| Laptop time zone was fixed to UK; set to automatic. Meetings display correctly.
""")

# ---------------------------------- Network ------------------------------------------

SC("Network", "VPN", 10, {"NET": 65, "L1": 35}, (0, 6, 72, 22), (30, 4 * H), """
VPN not connecting
can't connect vpn from home
VPN not working
@de GlobalProtect geht nicht
@nl VPN doet het niet
stuck| GlobalProtect stuck on connecting
drop| VPN drops every few minutes
drop| VPN keeps disconnecting
auth| VPN: authentication failed
hotel| Remote access not working from hotel
err| vpn error "{vpn_err}"
""", """
err| VPN won't connect from home. GlobalProtect shows "{vpn_err}".
stuck| GlobalProtect is stuck on "Connecting..." and then gives up. Internet itself works fine.
drop| VPN disconnects every 5-10 minutes, which kills my SAP session every time.
hotel| I'm at a hotel for a customer visit and the VPN won't connect. Hotel wifi works for normal websites.
auth| Since my password change the VPN says authentication failed.
Working from home today and can't connect to the VPN on {host}. Restarted the router and the laptop, no difference.
drop| VPN connects but then drops as soon as I start a Teams call.
""", """
Reinstalled the GlobalProtect client on {host} with the current version. Connection stable during a test.
Laptop certificate for VPN had expired; renewed it via Intune. VPN connects again.
hotel| Hotel network blocked the VPN port; switched the client to the SSL fallback portal. Connected.
stuck,err| Cleared the GlobalProtect cached portal config and re-entered the portal address; connection established.
drop| User's home router had a firmware bug with IPSec; advised router update, stable since.
auth,err| Cached old password in GlobalProtect. Cleared saved credentials, connected successfully.
""")

SC("Network", "VPN", 6, {"NET": 70, "L1": 30}, (0, 3, 72, 25), (30, 4 * H), """
drives| VPN connected but no access to S: drive
drives| VPN ok but network drives missing
drives| Can't reach SAP over VPN
intranet| On VPN but intranet not loading
slow| Slow VPN connection
slow| VPN extremely slow today
""", """
drives| VPN shows connected but the S: and P: drives are not available and SAP logon says "partner not reached".
intranet| I'm on VPN but can't open the intranet, all other websites work.
slow| VPN is extremely slow today, opening a 2 MB Excel from the share takes minutes.
drives| Connected to VPN, but mapped drives show a red cross. At the office everything works.
""", """
drives| Split tunnel profile was outdated on the client; pushed current config. Drives and SAP reachable.
drives| Re-mapped the drives via the logon script after connecting and added a reconnect task.
intranet| DNS suffix missing on the VPN adapter; reapplied network profile. Intranet loading.
slow| User's home connection was saturated by a cloud backup upload; paused it and speed was normal.
""")

SC("Network", "Wi-Fi", 6, {"NET": 70, "L1": 20, "EUC": 10}, (0, 1, 72, 27), (H, 8 * H), """
Wifi not working on my laptop
Can't connect to {ssid} wifi
@de wlan verbindet nicht
drop| Wi-Fi keeps dropping
nossid| Laptop won't see the wifi network
noint| Wi-Fi says no internet
prompt| Wifi asking for username and password
""", """
noint| My laptop ({host}) connects to {ssid} but says "No internet, secured". Colleagues are fine.
drop| Wi-Fi drops every few minutes on my laptop at my desk on the {floor}.
nossid| Laptop doesn't see the {ssid} network at all anymore, only the guest one.
update| Since the update yesterday I can't connect to the office Wi-Fi. Cable works.
prompt| Can't connect to wifi in {site}. It asks for a username and password, which it never did before.
""", """
Removed and re-pushed the corporate Wi-Fi profile. Connected without prompt.
noint,prompt,update| Wi-Fi certificate on the laptop was expired; renewed via Intune and reconnected to {ssid}.
drop,update| Updated the wireless driver on {host}; no more drops.
nossid| Wireless adapter was switched off by a hardware key. Enabled, connected.
""")

SC("Network", "Wi-Fi", 4, {"NET": 90, "EUC": 10}, (2, 40, 52, 6), (H, 8 * H), """
Wi-Fi down for several people
Wireless problems in {site}
floor| No Wi-Fi in the warehouse office
floor| Whole {floor} has no wifi
room| Wifi dead in {room} meeting room
slow| Slow wireless on {floor}
dock| Wi-Fi coverage gone in the dock area
""", """
!floor| Nobody on the {floor} in {site} can connect to the wifi since about 10 o'clock.
room| Wi-Fi in the {room} room is not working for anyone, we have a customer meeting at 2.
dock| The scanners and laptops near {dock} keep losing wifi. Seems worse since the racking was moved.
slow| The wireless is very slow for everyone on the {floor}, Teams calls keep freezing.
""", """
AP firmware hang; rebooted via the controller and scheduled a firmware update.
floor,room| Access point had lost PoE after a switch reboot; restored power, AP back online.
dock| Replaced the failed access point near {dock} and added a second AP for coverage after the racking change.
slow| Channel interference from a new neighbouring network; re-planned channels on the controller. Speeds normal.
""", urgent="scope")

SC("Network", "Wi-Fi", 3, {"NET": 40, "L1": 60}, (0, 0, 30, 70), (H, 6 * H), """
Guest wifi for visitors
Wifi access for contractor
Guest Wi-Fi code needed
""", """
vis| We have 4 visitors from a customer tomorrow. Can you arrange guest Wi-Fi access for two days?
con| A contractor is working on the sprinkler system all week and needs internet access. Guest wifi please.
code| What is the guest wifi code for {site}? The one on the reception card doesn't work anymore.
""", """
vis| Created guest Wi-Fi vouchers valid for the requested period and emailed them to the requester.
code| Guest portal password rotated last month; provided current code and updated the reception card.
con| Sponsored guest account created for the contractor for 5 days.
""")

SC("Network", "LAN", 5, {"NET": 65, "EUC": 35}, (0, 2, 68, 30), (H, 24 * H), """
Network port not working
socket,move| No network at my desk
port,socket| LAN cable port dead in office
move| New desk needs network port
printer| Network port needed for new printer
dock| Docking station has no network
@de socket,port| Netzwerkdose defekt
""", """
socket| The network socket at my new desk on the {floor} doesn't work, laptop says "network cable unplugged".
move| No wired network at my desk since we moved desks. Wi-Fi works but is slow.
printer| Could you activate a network port for the new printer next to {room}?
port| Port {port} in the office is dead, tried two cables.
dock| My laptop has no network through the docking station, only Wi-Fi works.
""", """
socket,move| Patched the wall outlet to an active switch port and set the correct VLAN. Connected.
port| Faulty patch cable replaced; link up.
move,socket| Port was in the wrong VLAN after the office move. Corrected, device got an IP.
printer| Activated the port for the printer VLAN and documented it.
dock| Updated the dock network driver on {host}; wired network working.
""")

SC("Network", "LAN", 3, {"NET": 100}, (35, 60, 5, 0), (H, 6 * H), """
Whole office no internet
Network down in {site}
URGENT nothing works in {site}
No network at all - all users affected
All PCs offline at {site}
""", """
!Nobody in {site} has network or internet since {when2}. Phones are down too.
!All users on the {floor} lost network at the same time. Printers and scanners are offline as well.
!We have no connection to anything, SAP, email, internet. The whole office is affected.
!The network is down in the whole building, even the scanners on the floor don't connect.
""", """
Core switch at {site} rebooted after a power dip and came up with an old config. Restored the saved config; all users back online.
ISP line down; failed over to the backup 4G line and raised a ticket with the carrier. Primary restored after 3 hours.
Failed uplink module on the distribution switch replaced by the on-site engineer. Network restored for all users.
Spanning tree loop caused by a desk switch plugged in twice. Removed the loop, network recovered.
""", urgent="scope")

SC("Network", "LAN", 3, {"NET": 85, "EUC": 15}, (0, 10, 68, 22), (2 * H, 2 * D), """
Internet very slow in {site}
Network slow since this morning
Everything is really slow today
Slow file share access
""", """
Everything is very slow in {site} today, opening files from the S: drive takes ages.
!Internet is crawling since this morning, Teams calls keep freezing. Colleagues have it too.
Network seems very slow in the afternoons, especially around 14:00.
Copying files to the share goes at 1 MB/s, normally much faster.
""", """
Backup job was running during business hours and saturating the WAN link. Rescheduled to night.
Duplex mismatch on the uplink after a switch replacement. Fixed, throughput normal.
WAN link at 100% due to a Windows update distribution; enabled delivery optimisation peer caching.
Traffic shaping policy had been lost after a firewall update. Reapplied QoS.
""", urgent="scope")

SC("Network", "Firewall", 3, {"NET": 60, "L1": 30, "SEC": 10}, (0, 1, 49, 50), (H, 24 * H), """
Website blocked by firewall
Customer portal blocked
Can't open {website}
Access to blocked website needed for work
@de Webseite gesperrt
""", """
I need to open {website} for customs documents but get "Access denied - category blocked".
The customer's portal {website} is blocked by our web filter. Can it be whitelisted?
upload| Can't upload proof of delivery documents to {website}, the page just says blocked by policy.
{website} opens at home but not in the office. I need it for carrier bookings.
""", """
Reviewed category, site is a legitimate business portal. Added {website} to the allow list.
Site was miscategorised as file sharing; submitted recategorisation and added a temporary allow rule.
Request declined by Security (site hosts uncontrolled file sharing). Offered the approved alternative.
upload| Added URL exception for the upload path; user can upload documents.
""")

SC("Network", "Firewall", 4, {"NET": 85, "SEC": 15}, (0, 2, 50, 48), (D, 5 * D), """
Firewall change - new supplier interface
Firewall rule request
carrier| Firewall rule request for carrier SFTP
carrier| Need port opened for EDI connection
carrier| Open port for {carrier} EDI
cust| Whitelist IP for customer API
sftpfail| SFTP to {carrier} failing - firewall?
""", """
carrier| {carrier} is moving their EDI server. We need outbound SFTP (port 22) to their new IP range from the EDI server.
cust| New customer integration goes live on {startdate}. Please allow HTTPS from their IPs to our API gateway. Details in the attached form.
label| Please open TCP 443 from the WMS interface server to {website} for the new label service.
sftpfail| The SFTP transfer with {carrier} fails since today with "connection timed out". They say they changed their IP.
""", """
Change implemented and verified with a test connection.
carrier,sftpfail| Firewall change approved in CAB and implemented. Test transfer with {carrier} successful.
carrier,sftpfail| Rule added for the new IP range; old rule scheduled for removal after cutover.
label| Implemented outbound rule for the label service and confirmed connectivity with a test call.
cust| Change implemented during the maintenance window; integration tested with the customer.
""")

# ---------------------------------- Hardware -----------------------------------------

SC("Hardware", "Laptop", 10, {"EUC": 85, "L1": 15}, (0, 2, 72, 26), (D, 5 * D), """
Laptop broken
Laptop hardware fault
@de Laptop kaputt
@nl Laptop kapot
screen| Laptop screen cracked
power| Laptop won't turn on
kbd| Keyboard not working properly
battery| Laptop battery swollen
hinge| Broken laptop hinge
spill| Laptop dead after coffee spill
boot| {host} doesn't boot
charge| Laptop charger not charging
""", """
screen| Dropped my laptop bag and now the screen of {host} has a crack across the middle. It still works with an external monitor.
power| My laptop won't switch on at all, no lights. I tried a different charger.
kbd| Several keys on my keyboard (E, R and the space bar) only work if I press really hard.
battery| The touchpad is lifting up and the laptop doesn't sit flat anymore. I think the battery is swollen.
hinge| The hinge on the left side of my {laptop_model} broke, the screen wobbles.
spill| Spilled coffee on my laptop this morning. It turned off and won't start again. Sorry!
boot| {host} shows a black screen with "No bootable device" after the BIOS logo.
charge| The charger is plugged in but the battery stays at 3% and says "plugged in, not charging".
""", """
Replaced the laptop with a spare {laptop_model}, migrated OneDrive data and reissued. Faulty unit sent for warranty repair.
screen| Dell engineer replaced the display panel on site under warranty.
battery| Swollen battery: laptop taken out of use immediately and replaced with a new device. Old unit disposed via the e-waste supplier.
kbd| Keyboard replaced under warranty. User confirmed all keys working.
spill| Liquid damage, not repairable. Issued replacement laptop and restored user data from OneDrive.
charge| Replaced faulty power adapter. Battery charging normally.
boot| Replaced failed SSD under warranty and re-imaged {host}. User data restored from OneDrive.
power| Mainboard failure; replaced the laptop with a spare and migrated the data.
hinge| Hinge and bezel replaced under warranty by the vendor engineer.
""")

SC("Hardware", "Laptop", 7, {"EUC": 70, "L1": 30}, (0, 1, 74, 25), (2 * H, 10 * H), """
Laptop performance issues
slow| Laptop very slow
slow| {host} extremely slow
@de slow| PC sehr langsam
fan| Laptop fan loud all the time
fan| Laptop overheating
freeze| Laptop freezes several times a day
bsod| Blue screen on laptop
""", """
slow| My laptop has become extremely slow, it takes 10 minutes to start and Excel freezes all the time.
fan| The fan of {host} runs at full speed even when I'm only using email, and it gets very hot.
bsod| I got a blue screen twice today with "DRIVER_IRQL_NOT_LESS_OR_EQUAL".
freeze| Laptop freezes several times a day and I have to hold the power button.
slow| Everything is slow on {host} {when}. Task manager shows disk at 100%.
""", """
Re-imaged {host} after failing health checks. User confirmed it is much faster.
slow| Disk nearly full (2 GB left); cleared temp files and moved OneDrive to files-on-demand. Performance normal.
slow| Antivirus full scan was scheduled during working hours; rescheduled. Disk usage normal.
fan| Cleaned the fan and updated the BIOS; temperatures back to normal.
bsod,freeze| Updated the dock/display driver that caused the crashes. No issues in the past 3 days.
""")

SC("Hardware", "Laptop", 4, {"EUC": 90, "L1": 10}, (0, 0, 25, 75), (2 * D, 6 * D), """
New laptop request
old| Laptop replacement - old one is 5 years old
new| Request: laptop for new starter
travel| Need a lighter laptop for travelling
""", """
old| My laptop ({host}) is over five years old and the battery lasts 40 minutes. Can I get a replacement? {mgr} approved.
new| We need a laptop for {newstarter} who starts on {startdate}. Standard office profile please.
travel| I travel a lot between sites. Could I get a smaller laptop? Approved by {mgr}.
""", """
Request approved by manager, device issued from stock and data migrated.
old| Laptop lifecycle replacement approved; new {laptop_model} prepared and handed over, old device collected.
new| New starter laptop built with the standard image and delivered to the manager.
travel| Issued a 13-inch model from stock after manager approval; data migrated.
""")

SC("Hardware", "Printer", 10, {"EUC": 65, "L1": 35}, (0, 3, 72, 25), (H, 24 * H), """
Printer on {floor} not printing
Can't print
Printer not working
@de Drucker druckt nicht
@nl Printer print niet
offline| Printer offline
offline| Printer says offline but it's on
jam| {printer} paper jam
jam| printer jammed again
queue| Print jobs stuck in queue
err| Printer error 13.B2.D1
""", """
offline| {printer} on the {floor} shows as offline on my laptop but the printer display looks normal.
jam| Paper jam on {printer}, I opened all the doors but can't find any paper.
queue| Nothing comes out of the printer, jobs just sit in the queue with "Error - printing".
half| The printer on the {floor} is printing half pages and then stops.
user| I can't print to {printer} anymore since the weekend. Other people can.
err| Printer shows error code 13.B2.D1 and stops after a few pages.
""", """
queue| Cleared the print queue on the server and restarted the spooler. Jobs printing.
jam,err| Removed jammed paper from the fuser area and replaced the worn pickup roller.
offline| Printer had a new IP after DHCP lease expiry; set a reservation and updated the port. Back online.
user,offline| Re-added {printer} via the print server on the user's laptop. Test page OK.
half,err| Vendor engineer replaced the fuser unit on {printer}.
""")

SC("Hardware", "Printer", 5, {"EUC": 50, "L1": 50}, (0, 0, 55, 45), (H, 2 * D), """
toner| Toner empty on {printer}
toner| Need new toner cartridges
scanmail| Scan to email not working
scanfolder| Printer scanning to folder broken
faded| Prints are faded / streaky
""", """
toner| Toner is empty on {printer} and there is no spare in the cupboard.
scanmail| Scan to email on {printer} doesn't send anything anymore. The scan finishes but no email arrives.
scanfolder| Scanned documents don't arrive in the scan folder {when}.
faded| Prints from {printer} come out very light with grey stripes.
""", """
toner| Replacement toner ordered through the managed print portal and installed on delivery.
scanmail| SMTP relay password on the printer had expired; updated it. Scan to email working.
scanfolder| Scan folder permissions were reset after the share migration; restored.
faded| Replaced drum unit; print quality OK.
""")

SC("Hardware", "Printer", 2, {"EUC": 100}, (0, 0, 30, 70), (D, 5 * D), """
new| New printer for dispatch office
new| Request printer installation
add| Printer {printer} missing on my laptop
""", """
new| We're setting up a new dispatch desk in {site} and need a small printer there for delivery notes.
add| Could you install the {printer} printer on my new laptop, it's not in the list.
new| We need a second printer in the {room} area for the new team.
""", """
new| Installed a managed printer in the requested area and added it to the print server.
add| Added the printer to the user's laptop through the print server. Test page printed.
new| Printer request approved; device delivered and configured.
""")

SC("Hardware", "Monitor/Peripherals", 12, {"EUC": 90, "L1": 10}, (0, 0, 55, 45), (4 * H, 3 * D), """
second| Second screen not detected
flicker| Monitor flickering
@de flicker| Bildschirm flackert
extra| Request for extra monitor
dock| Docking station not working
dock| Dock doesn't charge laptop
dock| USB ports on dock not working
black| Monitor stays black
kbm| Need a new mouse and keyboard
cam| Webcam not working
""", """
second| My second monitor isn't detected anymore when I connect to the docking station.
flicker| The {monitor} on my desk flickers every few seconds, worse when it's been on for a while.
extra| Could I get a second monitor? I work with SAP and Excel side by side all day. {mgr} is ok with it.
dock| When I plug the laptop into the dock nothing happens: no screens, no network, no charging.
black| Monitor stays black, power light blinks orange. Tried another cable.
kbm| My mouse wheel is broken and some keys on the keyboard stick. Can I get new ones?
cam| The webcam on my laptop shows a black picture in Teams.
dock| The USB ports on my docking station stopped working, keyboard and mouse only work directly on the laptop.
""", """
second| Updated the dock firmware and display driver on {host}; both monitors detected.
flicker,black| Replaced the faulty {monitor}. User confirmed display is stable.
extra| Second monitor approved and installed with a new DisplayPort cable.
dock| Replaced the docking station (faulty power board).
dock| Reset the dock by disconnecting power for 30s and updated firmware. All ports working.
kbm| Issued new keyboard and mouse from stock.
cam| Privacy shutter on the webcam was closed. Opened it; camera working in Teams.
""")

SC("Hardware", "Phone/Mobile", 12, {"EUC": 70, "L1": 30}, (0, 1, 60, 39), (2 * H, 3 * D), """
Problem with work phone
screen| Company phone screen broken
@de screen| Handy Display kaputt
new| New mobile phone request
mail| Phone not receiving emails
dead| Work phone won't turn on
enrol| Intune enrolment fails on new phone
roam| Mobile data not working abroad
""", """
screen| Dropped my {phone_model} in the warehouse and the screen is completely shattered. Touch doesn't work anymore.
new| Can I get a company phone? I'm on call for the weekend shifts now. Approved by {mgr}.
mail| Emails stopped arriving on my phone {when}. Outlook app says "Account needs attention".
dead| My work phone won't turn on, even after charging all night.
enrol| Trying to set up the new {phone_model} but Company Portal says "Couldn't enroll this device".
roam| I'm in Poland for the week and mobile data doesn't work on the company phone.
""", """
screen,dead| Replaced the phone from stock and restored apps via Intune.
screen| Screen repair arranged through the mobile provider; loan phone issued meanwhile.
mail| Removed and re-added the Outlook account in the app after password change. Mail syncing.
enrol| Device had hit the enrolment limit; removed old devices from Intune and re-enrolled.
roam| Roaming was not enabled on the SIM. Enabled via the provider portal.
new| Phone request approved by manager; {phone_model} ordered, enrolled and handed over.
""")

# ---------------------------------- Software -----------------------------------------

SC("Software", "Install request", 15, {"EUC": 70, "L1": 30}, (0, 0, 30, 70), (2 * H, 2 * D), """
Please install {app}
Software request: {app}
Need {app} on my laptop
{app} installation
Can I get {app}?
@nl Software installeren: {app}
@de Bitte {app} installieren
lt| Install {app} on {host}
""", """
lt| Could you please install {app} on my laptop ({host})? I need it for a project with {colleague_name}.
I need {app} for work. It's not in the Company Portal. Manager approval from {mgr} attached.
Can someone install {app}? I don't have admin rights.
It asks for an administrator password when I try to install {app}.
lt| I'd like to request {app} for {host}. Free version is fine if that's allowed.
We need {app} on the shift office PC {wpc}.
""", """
Installed {app} via Company Portal/Intune deployment. User confirmed.
{app} packaged and deployed to the device; licence assigned where required.
Software approved by the application owner and installed remotely.
Request declined: {app} is not on the approved software list. Suggested the approved alternative.
Installed {app} remotely during a Quick Assist session.
Added the user to the {app} deployment group; installed automatically after sync.
""")

SC("Software", "Licence", 9, {"EUC": 55, "L1": 25, "MSG": 20}, (0, 1, 55, 44), (H, 2 * D), """
Licence problem
expired| {lic_app} licence expired
office| Product unlicensed message
office| Office says unlicensed product
need| Need a {lic_app} licence
activate| {lic_app} asks for activation
pbi| Power BI Pro licence request
@nl expired| Licentie verlopen
""", """
office| When I open Word or Excel there's a red bar saying "Unlicensed Product" and I can't edit.
expired| {lic_app} says my licence has expired and it's now in read-only mode.
need| I need a {lic_app} licence for a new reporting task. {mgr} approved.
activate| {lic_app} keeps asking me to sign in and activate, even though I'm logged in.
pbi| I can't share my Power BI dashboard with the team, it says I need a Pro licence.
""", """
Assigned the licence in the admin portal; user signed out and in again, activated.
office,activate| Activation was stuck; reset the licensing cache and signed in again. Licensed.
need,pbi| Licence request approved and assigned from the pool.
need,pbi| No free licences in the pool; ordered an additional seat and assigned it once available.
expired,office| User had been removed from the licence group by mistake. Re-added.
""")

SC("Software", "Crash/Error", 14, {"EUC": 60, "L1": 40}, (0, 3, 75, 22), (30, 8 * H), """
{crash_app} keeps crashing
{crash_app} not responding
@de {crash_app} stürzt ab
save| {crash_app} crashes when saving
err| Error when opening {crash_app}
err| Program error {err_hex}
err| Weird error in {crash_app}
teams| Teams won't load
excel| Excel crashes with large file
""", """
save| {crash_app} crashes every time I try to save a file to SharePoint.
err| When I open {crash_app} I get an error "{err_hex}" and it closes.
teams| {crash_app:Teams} shows a white screen and then "We've run into an issue". Reinstalling didn't help.
excel| {crash_app:Excel} freezes with the transport cost file (45 MB) and then closes without saving.
{crash_app} stopped working {when}. No error, it just disappears.
err| Since yesterday I get "The application was unable to start correctly ({err_hex})" for {crash_app}.
""", """
Updated {crash_app} to the current version and cleared its local cache; no further crashes.
Rebuilt the user's profile settings for {crash_app}; crash no longer reproducible.
teams| Cleared the Teams cache and reinstalled the new Teams client. Loads normally.
save| Cleared the Office upload cache and re-synced the SharePoint library; saving works.
excel| The file had thousands of unused styles; cleaned it up and advised saving as .xlsb. No more crashes.
err| Installed the missing Visual C++ runtime; application starts.
""")

SC("Software", "Update", 10, {"EUC": 80, "L1": 20}, (0, 1, 62, 37), (H, 24 * H), """
Windows update problem
stuck| Windows update stuck
stuck| Laptop stuck on "Working on updates"
fail| Update failed {err_hex}
fail,compl| Updates not installing
nag| Restart required message every hour
nag| Update kills my laptop every morning
app| Please update {app}
""", """
stuck| My laptop has been stuck on "Working on updates 35%" for an hour.
fail| Windows Update fails every time with error {err_hex}.
nag| I keep getting a popup that my device will restart to install updates, I can't postpone anymore.
app| {app} asks for an update but I don't have admin rights.
compl| Updates have not installed on {host} for 2 months according to the compliance email.
""", """
stuck,nag| Update completed after leaving the laptop on power overnight; no issue found.
fail| Cleared the SoftwareDistribution folder and re-ran the update; installed successfully.
fail,compl| Repaired the Windows component store (DISM/SFC) and installed the cumulative update.
compl| Device was out of the update ring after a rename; re-added. Compliant now.
app| Deployed the latest version of {app} via Intune.
""")

# ---------------------------------- ERP / SAP ----------------------------------------

SC("ERP/SAP", "Login", 11, {"ERP": 50, "L1": 40, "IAM": 10}, (0, 6, 70, 24), (15, 2 * H), """
Can't log in to SAP
SAP logon error
@de SAP login geht nicht
locked| SAP user locked
locked| SAP says "user is locked"
expired| SAP password expired
missing| SAP system missing from logon pad
sso| SSO to SAP not working
""", """
locked| SAP says "User is locked. Please notify the person responsible" when I try to log in.
expired| My SAP password expired and the new one is not accepted.
missing| The P01 production system disappeared from my SAP Logon pad, I only see the test system.
sso| I can't log in to SAP since this morning, single sign-on gives "SNC name not found".
forgot| Forgot my SAP password after the holidays. Can it be reset?
SAP GUI opens but logon fails with "Name or password is incorrect (repeat logon)".
""", """
SAP password reset in SU01, user logged in.
locked| User was locked after too many attempts. Unlocked and confirmed login.
locked,forgot,expired| Unlocked SAP user and set an initial password; user changed it at logon.
missing| Re-deployed the SAP Logon configuration to the device. P01 visible again.
sso| SNC/SSO mapping missing after account rename. Fixed in SU01, SSO working.
""")

SC("ERP/SAP", "Transaction error", 16, {"ERP": 95, "L1": 5}, (1, 12, 70, 17), (2 * H, 2 * D), """
Error in {tcode}
{tcode} error - can't post
SAP posting fails
@de Fehler in SAP {tcode}
@nl Probleem met {tcode}
err| {tcode}: "{sap_err}"
gr| SAP error when posting goods receipt
gi| Can't post PGI for delivery {delivery}
po| Purchase order {po} won't save
tax| Invoice posting error in MIRO
""", """
err| When I post in {tcode} I get "{sap_err}". This is for delivery {delivery}.
err,gr| Goods receipt for PO {po} in {tcode:MIGO} fails with "{sap_err}". Truck is unloaded and waiting for paperwork.
!err,gi| Post goods issue in {tcode:VL02N} for delivery {delivery} fails: "{sap_err}". Carrier {carrier} is picking up at {cutoff}.
err,po| Trying to create a purchase order in {tcode:ME21N}, it says "{sap_err}" and won't save.
tax| Can't post the supplier invoice in {tcode:MIRO} for PO {po}: "Balance not zero" but I've checked the amounts twice.
err| {tcode} gives an error for plant {plant}: "{sap_err}". Worked fine {lastgood}.
""", """
{sap_fix}
{sap_fix}
{sap_fix}
tax| Tax code on the invoice line differed from the PO; corrected, invoice posted.
""")

SC("ERP/SAP", "Report", 9, {"ERP": 100}, (0, 2, 58, 40), (4 * H, 3 * D), """
SAP report problem
mismatch| SAP report shows wrong figures
mismatch| {report} numbers don't match
@nl mismatch,fx| Rapport klopt niet
export| Report export to Excel fails
new| New report request
mail| Daily report not received
slow| {report} very slow
""", """
mismatch| {report:MB52} shows different stock figures than the WMS for plant {plant}. Which one is right?
export| Exporting {report} to Excel gives an empty file since last week.
new| Could we get a report of open deliveries per carrier per day? Currently we build it by hand every morning.
mail| The daily email with {report:the daily OTIF report} didn't arrive today or yesterday.
slow| {report} takes over 20 minutes to run now, used to be 1 minute.
fx| Month-end report for {plant} shows last month's exchange rate.
""", """
mail| Background job for {report} had failed due to a changed variant; fixed the variant and re-ran.
mismatch| Difference caused by goods in transit between WMS and SAP; explained to the user and added a column to the report.
export| Export issue was caused by the SAP GUI security setting; allowed the export path. Works again.
new| Report request accepted and built as a query; shared with the team.
slow| Added a selection restriction to the variant; runtime back to 2 minutes.
fx| Exchange rate table updated by Finance and the report re-run.
""")

SC("ERP/SAP", "Authorisation", 8, {"ERP": 60, "IAM": 40}, (0, 2, 55, 43), (2 * H, 2 * D), """
SAP access request
Missing SAP authorisation
@de SAP Berechtigung fehlt
auth| No authorization for {tcode}
auth| "You are not authorized to use transaction {tcode}"
auth,plant,vl| Need SAP role for {tcode}
cover| SAP access while covering for {colleague_first}
""", """
auth| I get "You are not authorized to use transaction {tcode}" since I moved to the new team.
plant| Please give me access to {tcode} in plant {plant}. {mgr} approved by email.
vl| I need to create deliveries in {tcode:VL01N} for the Antwerp customers, currently display only.
cover| I'm covering for {colleague_name} during the holidays and need their SAP access for two weeks.
""", """
Role assigned in SU01 after approval from the role owner. User confirmed access to {tcode}.
Request declined due to a segregation of duties conflict; explained to user and manager.
cover| Temporary role assignment valid for two weeks, approved by the manager.
plant| Added plant {plant} to the user's org level for the role; access working.
""")

# ---------------------------------- Warehouse / WMS ----------------------------------

SC("Warehouse/WMS", "Scanner", 13, {"WHS": 85, "EUC": 15}, (1, 14, 70, 15), (30, 8 * H), """
Problem with scanner {scanner}
Handheld {scanner} not working
conn| Scanner not connecting to WMS
conn| Scanner says "No connection to host"
@de conn| Handscanner verbindet nicht
reboot| Scanner keeps rebooting
read| Scanner won't read barcodes
battery| Scanner battery dead after 2 hours
freeze,white| RF gun {scanner} frozen
trigger| Scanner trigger broken
""", """
conn| Handheld {scanner} ({scanner_model}) says "No connection to host" at {dock}. Other scanners work.
reboot| The scanner {scanner} keeps rebooting every few minutes, we lose the picks every time.
read| Scanner doesn't read barcodes anymore, the red light comes on but nothing happens.
!battery| Batteries of the scanners only last 2 hours now, we have to swap them mid-shift.
freeze| WMS app on {scanner} is frozen on the picking screen, reboot doesn't help.
trigger| The trigger on {scanner} is broken, we taped it for now.
white| Scanner {scanner} shows a white screen after the update last night.
""", """
conn| Re-provisioned {scanner} via the device management console; connected to WMS.
conn| Wi-Fi profile on the handheld was corrupted; re-pushed. Reconnected.
read| Replaced the scan engine ({scanner_model}) under the maintenance contract. Swap device issued meanwhile.
battery| Ordered replacement batteries; old ones were over 3 years old.
freeze,white,reboot| Cleared the WMS app data and re-enrolled the device. Picking working.
trigger| Replaced the trigger assembly; scanner back in the pool.
""", req="wh")

SC("Warehouse/WMS", "Label printing", 12, {"WHS": 80, "EUC": 20}, (1, 16, 63, 20), (20, 4 * H), """
Label printer problem
none,blank| Labels not printing
none| Label printer {label_printer} offline
align,barcode| Shipping labels printing wrong
barcode| Barcode on label unreadable
missing| Carrier label missing
align| Labels printing misaligned
@de none,blank,head| Etikettendrucker druckt nicht
blank| labels print blank
head| Label printer error "Head open"
""", """
!none| The label printer {label_printer} doesn't print any shipping labels {when}. Jobs show as sent in WMS.
align| Labels are printed shifted to the right so half the barcode is cut off. {carrier} rejects them.
barcode| {carrier} says the barcodes on our labels can't be scanned at their hub.
missing| Carrier labels for {carrier} aren't generated for some orders, only the packing slip prints.
blank| The printer at {dock} prints blank labels, the ribbon looks ok.
head| Label printer shows a red light and "Head open" but the head is closed.
""", """
align| Recalibrated {label_printer} for the new label stock; alignment correct.
barcode| Printhead worn out; replaced printhead and cleaned rollers. Barcodes verified with the carrier.
missing| Carrier service mapping missing for the new {carrier} service level; added in WMS, labels generated.
none| Printer had lost its static IP after a power cut; restored and cleared the WMS spool.
blank| Wrong ribbon type (wax instead of resin) loaded; replaced with the correct ribbon.
head| Head-open sensor was dirty; cleaned and tested. Printing normally.
""", req="wh")

SC("Warehouse/WMS", "Stock sync", 9, {"WHS": 75, "ERP": 25}, (1, 14, 63, 22), (2 * H, 26 * H), """
WMS / SAP interface issue
diff,adj| Stock in WMS doesn't match SAP
diff| Stock differences WMS vs SAP
@de diff| Bestand stimmt nicht
gr| Goods receipt not transferred to SAP
wait,gr,adj| Interface queue stuck
count| Inventory counts not posted
count| Stock not updated after cycle count
wait| Orders stuck waiting for SAP
""", """
diff| WMS shows 240 pallets of {sku} in stock but SAP says 180 for plant {plant}.
!gr| Goods receipts we booked this morning in WMS are not visible in SAP. Purchasing is asking where the goods are.
count| The cycle count results from yesterday are not posted in SAP yet.
!wait| Orders are stuck in status "waiting for SAP" in WMS {when}.
adj| Stock adjustments done in WMS are not coming through to SAP for {plant}.
""", """
gr,wait,adj| Interface messages stuck in error due to a missing storage location mapping; fixed mapping and reprocessed the queue.
gr,wait| IDoc queue was blocked by one faulty message; corrected and released. All messages posted.
count| Count results posted manually after the nightly job failed; job fixed.
diff| Difference was open picks not yet confirmed on scanners; confirmed and stock matched.
wait,adj| Middleware service restarted after hanging; backlog processed in 20 minutes.
""", req="wh")

SC("Warehouse/WMS", "WMS client", 10, {"WHS": 85, "L1": 15}, (1, 12, 67, 20), (20, 4 * H), """
WMS problem
slow| WMS very slow
@de slow| WMS langsam
login| Can't log in to WMS
freeze| WMS session frozen
freeze| WMS screen hangs on {wpc}
wave| Wave release error
wave| WMS error when releasing {wave}
logout| WMS kicks me out
logout| Logged out of WMS all the time
""", """
!slow| WMS is very slow for everyone in {site}, every screen takes 20-30 seconds to load.
login| Can't log in to WMS on {wpc}: "User already logged on".
wave| Releasing {wave} gives "Allocation failed - no pick locations". Stock is there.
freeze| The WMS client freezes when I open the dock schedule.
logout| WMS keeps logging me out every 5 minutes.
""", """
login| Killed the stale session for the user in WMS admin; login works.
wave| Missing pick location configuration for the new SKUs; corrected and released the wave.
slow| Database index rebuild on the WMS server; response times back to normal.
freeze| Reinstalled the WMS client and cleared the local cache.
logout| Session timeout had been set too low after the upgrade; restored to 60 minutes.
""", req="wh")

# ---------------------------------- Telephony ----------------------------------------

SC("Telephony", "Softphone", 8, {"MSG": 70, "L1": 30}, (0, 3, 67, 30), (30, 8 * H), """
Teams phone issue
dial| Teams phone can't call out
dial| No dial pad in Teams
ring| Callers can't reach me
ring,queue| Softphone not ringing
quality| Poor call quality on Teams calls
vm| Voicemail greeting wrong
@de dial,ring| Telefon geht nicht in Teams
""", """
dial| I can't make external calls from Teams anymore, the dial pad is gone.
ring| Customers say my phone rings out and goes to nothing, I don't see any calls in Teams.
quality| Call quality on Teams is terrible, people say I sound like a robot.
queue| My Teams phone doesn't ring when the customer service hunt group is called.
vm| My voicemail greeting is still the one from my predecessor, how can I change it?
""", """
dial| Calling plan licence missing after the licence migration; reassigned. Dial pad back after sign-in.
ring| Call forwarding was set to an old number; corrected in Teams settings.
quality| User was on a congested home Wi-Fi; advised a cable connection and updated the headset firmware.
queue| Added the user back into the call queue agent list.
vm| Reset the voicemail greeting and showed the user how to record a new one.
""")

SC("Telephony", "Headset", 6, {"EUC": 60, "L1": 40}, (0, 0, 50, 50), (2 * H, 3 * D), """
Headset broken
Need a new headset
mic| Headset mic not working
recog| Jabra headset not recognised
cable| Headset cable broken
wireless| Request wireless headset
""", """
mic| My headset microphone stopped working, people can't hear me on calls.
cable| The cable of my headset is broken, I need a new one. I'm on calls all day.
recog| Teams doesn't recognise my Jabra headset, it only uses the laptop speakers.
wireless| Could I get a wireless headset? I walk around the warehouse office a lot.
""", """
Replaced the headset from stock.
mic,cable| Headset swapped under warranty.
recog,mic| Selected the headset as default device in Teams and updated firmware. Mic working.
wireless| Wireless headset approved and issued.
""")

SC("Telephony", "DECT handset", 3, {"EUC": 70, "L1": 30}, (0, 2, 68, 30), (2 * H, 2 * D), """
DECT phone not working
signal| Warehouse handset no signal
battery| DECT handset battery dead
""", """
signal| The DECT phone of the shift lead at {dock} has no signal in the back of the hall.
battery| Our DECT handset doesn't hold charge anymore, dies before the end of the shift.
signal| The handset says "searching" all the time since this morning.
""", """
battery| Replaced the handset battery.
signal| Base station in hall 2 had lost power; restored. Handsets registered.
signal| Re-registered the handset to the DECT system; signal OK.
""", req="wh")

# ---------------------------------- Security -----------------------------------------

SC("Security", "Phishing", 12, {"SEC": 80, "L1": 20}, (0, 8, 72, 20), (15, 4 * H), """
Suspicious email
Phishing?
Is this email legit?
Reported phishing - please check
@de Verdächtige E-Mail
inv| Fake invoice email from {carrier}
clicked| I clicked a link in a suspicious email
inv,mbx,clicked| Strange email asking for password
docu| Got a weird DocuSign email
ceo| Strange request from the CEO?
bank| Supplier asking to change bank details
""", """
inv| I received an email from "{carrier} Billing" with an invoice link that asks me to log in with my Microsoft account. Looks fake.
!clicked| I clicked on a link in an email about a parcel delivery and entered my password before I realised. What do I do now?
ceo| Got an email from our CEO asking me to buy gift cards urgently. Seems strange?
zip| Suspicious email with a zip attachment "Shipment documents". I haven't opened it.
mbx| Email says my mailbox will be deleted unless I verify my account. Sender is some unknown domain.
!bank| A supplier's email asks us to change their bank details for the next payment. Their address looks slightly different.
docu| I got a DocuSign request to sign a "Q3 freight contract" from someone I don't know. Is it real?
""", """
inv,mbx,zip,docu| Confirmed phishing. Purged the message from all mailboxes and blocked the sender domain.
clicked| Credentials entered on a phishing page: reset password, revoked sessions, checked sign-in logs (no suspicious activity). User informed.
ceo| CEO impersonation attempt. Message removed tenant-wide, user thanked for reporting.
zip| Attachment analysed in sandbox: malicious. Removed from 14 mailboxes, sender blocked.
docu| Legitimate request from a known customer via their e-signature platform. Informed user it is safe.
bank| Bank-detail change fraud attempt; informed Accounts Payable and blocked the look-alike domain.
""", urgent="phish")

SC("Security", "Malware", 5, {"SEC": 90, "EUC": 10}, (1, 30, 59, 10), (2 * H, 8 * H), """
Virus?
alert| Virus warning on laptop
alert| Defender alert - threat found
popups| Pop-ups everywhere in browser
strange| Laptop acting strange, maybe virus
file| Antivirus blocked a file
""", """
alert| Windows Security shows "Threats found" on {host} and asks me to take action.
popups| My browser opens random advertising pages and I have a new toolbar I never installed.
file| I downloaded a carrier tariff file and the antivirus deleted it immediately.
!strange| Laptop is behaving strangely, the mouse moves by itself and files got renamed.
""", """
alert,popups| Defender quarantined a potentially unwanted app from a browser extension; removed extension, full scan clean.
strange| Isolated {host} via EDR, investigated, no lateral movement found. Re-imaged device and reset credentials.
strange| Remote access tool installed by the user for a vendor session; removed, device scanned clean.
file| File was a false positive on a macro-enabled tariff sheet; released after sandbox analysis.
""")

SC("Security", "Lost device", 5, {"SEC": 60, "EUC": 40}, (1, 40, 55, 4), (H, 6 * H), """
Lost device
phone| Lost my company phone
phone| Phone left in taxi
@de phone| Handy verloren
laptop| Laptop stolen from car
laptop| Lost laptop on the train
""", """
phone| I lost my company phone ({phone_model}) on the way home yesterday. It has my email and Teams on it.
laptop| My car was broken into last night and my laptop bag was stolen, with {host} in it. I've reported it to the police.
laptop| I left my laptop on the train from Rotterdam to Antwerp. The railway lost & found hasn't found it.
phone| Can't find my work phone, I think I left it in a taxi after the customer dinner.
""", """
Device remotely wiped via Intune, sessions revoked and password reset. Replacement ordered.
laptop| BitLocker confirmed on {host}; device marked lost and wiped on next check-in. Replacement laptop issued.
phone| Phone found by the user next day; remote lock removed.
phone| Phone locked and wiped; SIM blocked with the provider. Police report reference added to the asset record.
""")

# ---------------------------------- Facilities / AV ----------------------------------

SC("Facilities/AV", "Meeting room", 6, {"EUC": 80, "L1": 20}, (0, 8, 62, 30), (H, 24 * H), """
Meeting room AV problem in {room}
nosignal| Screen in {room} not working
nosignal| Projector no signal
@de nosignal| Beamer in {room} geht nicht
mtr| Teams Room won't join meeting
hdmi| HDMI in meeting room broken
cam| Meeting room camera off
""", """
nosignal| The big screen in the {room} room says "no signal" when we connect the laptop.
mtr| The Teams Room console in {room} doesn't join scheduled meetings, we have a board meeting at 10.
hdmi| The HDMI cable at the meeting table in {room} seems broken, picture keeps cutting out.
cam| The camera in {room} shows a black image in Teams calls.
""", """
hdmi| Replaced the HDMI cable and switched the input on the display. Working.
mtr| Teams Room device was stuck on an update; restarted and completed it. Joins meetings again.
cam| Camera USB extender failed; replaced.
nosignal| Display input was set to the wrong source. Labelled the remote buttons for users.
""")

SC("Facilities/AV", "Digital signage", 3, {"EUC": 50, "WHS": 50}, (0, 3, 67, 30), (4 * H, 2 * D), """
black| KPI screen in warehouse black
stale| Dashboard screen not updating
frozen| Signage screen in canteen frozen
""", """
black| The KPI dashboard screen above {dock} is black since the weekend.
stale| The warehouse performance screen still shows Friday's figures.
frozen| Info screen in the canteen is frozen on an old slide.
""", """
black| Signage player had lost its network config; reconfigured. Dashboard showing live data.
stale| Dashboard URL changed after the BI migration; updated on the player.
frozen,black| Rebooted the player and enabled a nightly restart.
""", req="wh")

# --------------------------------------------------------------------------------------
# Shared phrase pools
# --------------------------------------------------------------------------------------

GREETINGS = {
    "en": ["Hi,", "Hi IT,", "Hello,", "Hi team,", "Good morning,", "Dear Service Desk,", "Hiya,", "Hello IT support,"],
    "nl": ["Hi,", "Hoi,", "Goedemorgen,", "Hallo,", "Hi team,", "Beste servicedesk,"],
    "de": ["Hallo,", "Hallo zusammen,", "Hi,", "Guten Morgen,", "Moin,", "Hello,"],
    "fr": ["Bonjour,", "Hello,", "Hi,", "Bonjour à tous,"],
    "pl": ["Hi,", "Hello,", "Dzień dobry,", "Good morning,"],
}

SIGNOFFS = {
    "en": ["Thanks,", "Thanks!", "Kind regards,", "Cheers,", "Many thanks,", "Best,", "Regards,"],
    "nl": ["Thanks,", "Groeten,", "Alvast bedankt,", "Met vriendelijke groet,", "Kind regards,"],
    "de": ["Danke,", "Viele Grüße,", "VG", "Thanks,", "Beste Grüße,", "Gruß"],
    "fr": ["Merci,", "Cordialement,", "Thanks,", "Merci d'avance,"],
    "pl": ["Thanks,", "Pozdrawiam,", "Best regards,", "Thank you,"],
}

EXTRA_GENERIC = [
    "Thanks in advance!",
    "Not sure if this is the right queue, sorry.",
    "You can reach me on {ext}.",
    "I'm in {site} all day if someone wants to come by.",
    "A colleague said you might be able to help with this.",
    "Let me know if you need anything else from me.",
    "Please call me rather than email, I'm on the floor most of the day.",
    "This also happened last month.",
]
EXTRA_TECH = [
    "I already restarted twice.",
    "It worked fine {lastgood}.",
    "Screenshot attached.",
    "Tried on another PC, same thing.",
    "Rebooting didn't help.",
    "Nothing was changed on my side as far as I know.",
]
TECH_CATS = {"Email", "Network", "Hardware", "Software", "Telephony", "Facilities/AV", "ERP/SAP", "Warehouse/WMS"}

URGENT_LINES = {
    "Warehouse/WMS": ["Outbound is stopped until this works.", "We have two trucks waiting at the dock.",
                      "Carrier pickup is at {cutoff}, please hurry.", "This is blocking the whole shift.",
                      "Inbound team can't book anything.", "Half the pickers are standing around."],
    "ERP/SAP": ["Month-end close is today so this is urgent.", "Customer orders can't be shipped until this is fixed.",
                "We can't invoice anything until this works.", "The truck is waiting for the delivery note."],
    "Security": ["Please check asap.", "Not sure how bad this is, please look at it quickly.",
                 "I haven't touched anything since, please advise."],
    "phish": ["Please check asap.", "Several people in my team got the same email.",
              "Not sure how bad this is, please look at it quickly."],
    "default": ["Please treat as urgent.", "I have a customer call in 30 minutes.",
                "This is blocking my work completely.", "Need this working before {cutoff} today.",
                "I can't do anything until this is fixed.", "I'm presenting to a customer this afternoon."],
    "scope": ["Several colleagues have the same problem.", "Urgent please - the whole team is affected.",
              "Nobody here can work at the moment.", "All users on site seem to be affected."],
}
# Priority weights used when a body's wording implies wide impact ("!" lines).
URGENT_PRI = (12, 55, 33, 0)
# Global nudge so the overall mix lands near P1 3% / P2 12% / P3 55% / P4 30%.
PRIORITY_BIAS = {"P1": 3.2, "P2": 1.9, "P3": 1.0, "P4": 0.9}
NO_RUSH = ["No rush, sometime this week is fine.", "Not urgent.", "Low priority, just a request.",
           "Whenever you have time.", "Not urgent but would be nice to have it sorted this week."]

SD_QUOTES = [
    "Your ticket has been resolved. If the problem comes back, simply reply to this e-mail to reopen it.",
    "Could you please restart the device and let us know if the issue continues?",
    "We have applied a fix on our side. Please confirm whether it works for you now.",
    "Can you send us a screenshot of the error message and the asset tag of the device?",
]
REOPEN_LINES = ["This is happening again, see below.", "Still not working unfortunately.",
                "Sorry, reopening this - same problem again.", "Tried what you suggested but no change.",
                "It was fine for a day but now it's back."]
FW_LINES = ["Forwarding on behalf of {colleague_first}, see below.", "FYI - {colleague_first} asked me to raise this.",
            "Can you help {colleague_first} with the below please?", "See below from {colleague_first}. Can you take a look?"]

NOISE_RES = [
    "No response from user after three reminders; closing. Reply to reopen if still needed.",
    "Duplicate of a ticket raised earlier by the same user; handled there.",
]
NOISE_RES_TECH = [
    "User confirmed the issue resolved itself after a restart. No further action.",
    "Issue could not be reproduced; user will raise a new ticket if it happens again.",
]
NOISE_TECH_CATS = {"Email", "Network", "Hardware", "Software", "Telephony", "Facilities/AV"}

# --------------------------------------------------------------------------------------
# Slot fillers
# --------------------------------------------------------------------------------------

APPS = ["Visio", "Power BI Desktop", "Notepad++", "Adobe Acrobat Pro", "7-Zip", "Snagit", "Microsoft Project",
        "Zebra Designer", "WinSCP", "draw.io", "Tableau Reader", "Python", "Paint.NET", "Greenshot"]
CRASH_APPS = ["Excel", "Teams", "Word", "Adobe Reader", "Chrome", "Power BI Desktop", "the TMS client", "Edge",
              "OneDrive", "PowerPoint"]
LIC_APPS = ["Visio", "Adobe Acrobat", "Power BI", "Microsoft Project", "Office", "Snagit"]
TCODES = ["MIGO", "VL02N", "ME21N", "VA01", "VL01N", "MB1B", "MIRO", "CO11N", "VT01N", "FB60", "LT12", "VA02"]
# SAP-style error message -> what the ERP team typically found.
SAP_ERRS = {
    "lock": ("Document is locked by user {sapuser}",
             "Ended the hanging session of {sapuser} in SM12 after checking with them; posting went through."),
    "deficit": ("Deficit of SL Unrestricted-use 24 PC : {material} {plant} 0001",
                "Material {material} had no unrestricted stock in the storage location because a transfer posting "
                "was missing. Posted the transfer and the user could post."),
    "period": ("Posting period {period} is not open",
               "Posting period for {plant} was not open yet; Finance opened it and the posting went through."),
    "acct": ("Account determination for entry not possible",
             "Account determination missing for the new valuation class; configured in test, transported to "
             "production and the posting succeeded."),
    "fx": ("Enter exchange rate EUR/GBP",
           "Exchange rate EUR/GBP for the posting date was missing; Treasury maintained it and the document posted."),
    "pick": ("Delivery {delivery}: picking not complete",
             "Picks were confirmed in WMS but the confirmation IDoc was stuck; reprocessed it and PGI posted for "
             "{delivery}."),
    "batch": ("Batch {batch} has expired",
              "Batch {batch} had expired; Quality checked and extended the shelf-life date, posting went through."),
    "cond": ("No condition record found for vendor",
             "Missing purchasing info record for the vendor; created it with Procurement and the PO saved."),
    "mat": ("Material {material} not maintained in plant {plant}",
            "Material {material} was not extended to plant {plant}; master data team extended it and the user "
            "could continue."),
}
TCODE_ERRS = {"MIGO": ["lock", "deficit", "period", "acct", "mat"], "VL02N": ["pick", "deficit", "batch", "lock"],
              "ME21N": ["cond", "mat", "lock"], "MIRO": ["fx", "period", "lock"], "FB60": ["period", "fx", "acct"],
              "VA01": ["mat", "lock"], "VA02": ["lock", "mat"], "VL01N": ["mat", "deficit", "batch"],
              "MB1B": ["deficit", "period", "batch"], "CO11N": ["deficit", "period", "batch"],
              "VT01N": ["lock", "pick"], "LT12": ["deficit", "lock"]}
SAP_GENERIC_FIX = ["Reproduced in the QA system; root cause was inconsistent master data. Corrected with the master "
                   "data team and the user re-posted successfully.",
                   "Corrected the document data together with the user over a screen share; posting successful."]
REPORTS = ["MB52", "ME2N", "VL06O", "the daily OTIF report", "the carrier cost report", "the stock ageing report",
           "the open orders report", "MB5B"]
VPN_ERRS = ["Authentication failed", "Gateway acme-gw-eu not responding", "Unable to connect to the GlobalProtect service",
            "The network connection is unreliable", "Portal address could not be found", "Connection timed out"]
WEBSITES = ["portal.example.com", "customs.example.net", "tracking.example.org", "edi.example.com",
            "booking.example.net", "pod-upload.example.com"]
TEAM_GROUPS = ["Transport Planning NL", "Customer Service EU", "Finance Shared Services", "Warehouse Supervisors",
               "Key Account Management", "Customs & Compliance", "HR Benelux", "Procurement"]
SHARED_MBS = ["Dispatch Hamburg", "Customer Service NL", "AP Invoices", "Transport Planning UK", "Claims",
              "Depot Lyon", "Customs Antwerp", "Credit Control", "Returns DC"]
SHARES = [r"S:\Finance\Month End", r"\\acme-fs01\Transport\Planning", r"S:\HR\Contracts",
          r"\\acme-fs02\CustomerService\Claims", r"S:\Operations\KPI", r"S:\Procurement\Contracts",
          r"\\acme-fs01\Customs\Declarations"]
PHONES = ["iPhone 13", "iPhone 14", "iPhone 15", "Samsung Galaxy A54", "Samsung XCover 6 Pro"]
MONITORS = ["Dell P2422H", "Dell U2723QE", "HP E24 G5", "Dell P2723D"]
LAPTOPS = ["Dell Latitude 5440", "Dell Latitude 7440", "HP EliteBook 840 G9", "Dell Latitude 5430"]
SCANNER_MODELS = ["Zebra MC3300", "Zebra TC52", "Honeywell CK65", "Zebra MC9300"]
CARRIERS = ["DHL", "DSV", "DB Schenker", "PostNL", "DPD", "GLS", "UPS", "Geodis"]
ERR_HEX = ["0x800f0922", "0x80070005", "0xc1900101", "0x80240034", "0xc000007b", "0x8007000d"]
FLOORS = ["ground floor", "1st floor", "2nd floor", "3rd floor", "mezzanine"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]
DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DOW_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def display_name(username):
    first, last = username.split(".")
    last = LAST_NAME_DISPLAY.get(last, last.capitalize())
    return first.capitalize(), last


class Slots:
    """Lazily filled, per-ticket consistent template variables."""

    def __init__(self, rng, person, created):
        self.rng = rng
        self.person = person
        self.created = created
        self.site = person["site"]
        self.cache = {}

    def fill(self, text):
        # "{name:value}" presets a slot for the whole ticket
        text = re.sub(r"\{(\w+):([^{}]+)\}", lambda m: self.cache.setdefault(m.group(1), m.group(2)), text)
        prev = None
        while prev != text:  # fillers may contain further slots
            prev = text
            text = re.sub(r"\{(\w+)\}", lambda m: self.get(m.group(1)), text)
        return text

    def colleague(self):
        if "_colleague" not in self.cache:
            pool = [p for p in PEOPLE_D if p["site"] == self.site and p["user"] != self.person["user"]]
            self.cache["_colleague"] = self.rng.choice(pool)
        return self.cache["_colleague"]

    def get(self, name):
        if name not in self.cache:
            self.cache[name] = self.make(name)
        return self.cache[name]

    def make(self, name):
        r, s = self.rng, SITES[self.site]
        code = s["code"]
        monday = self.created.weekday() == 0
        if name == "first":
            return self.person["first"]
        if name == "site":
            return self.site
        if name == "host":
            return f"ACME-LT-{r.randint(101, 1180):04d}"
        if name == "desktop":
            return f"ACME-DT-{r.randint(20, 460):04d}"
        if name == "wpc":
            return f"{code}-WPC-{r.randint(1, 24):02d}"
        if name == "printer":
            return f"{code}-PRN-{r.randint(1, 14):02d}"
        if name == "label_printer":
            return r.choice([f"{code}-LBL-{r.randint(1, 18):02d}", f"the Zebra ZT410 at dock {r.randint(1, 22)}"])
        if name == "scanner":
            return f"{code}-HHT-{r.randint(1, 140):03d}"
        if name == "scanner_model":
            return r.choice(SCANNER_MODELS)
        if name == "dock":
            return f"dock {r.randint(1, 22)}"
        if name == "port":
            return f"{code}-{r.choice('ABC')}{r.randint(1, 3)}-{r.randint(1, 48):02d}"
        if name == "tcode":
            return r.choice(TCODES)
        if name == "sap_err":
            key = r.choice(TCODE_ERRS.get(self.get("tcode"), list(SAP_ERRS)))
            self.cache["_sap_err_key"] = key
            return SAP_ERRS[key][0]
        if name == "sap_fix":
            key = self.cache.get("_sap_err_key")
            return SAP_ERRS[key][1] if key else r.choice(SAP_GENERIC_FIX)
        if name == "plant":
            return s["plant"]
        if name == "material":
            return str(r.randint(100000000, 100099999))
        if name == "batch":
            return f"B{r.randint(240000, 269999)}"
        if name == "period":
            return f"{self.created.month:03d} {self.created.year}"
        if name == "po":
            return f"45000{r.randint(10000, 99999)}"
        if name == "delivery":
            return f"8001{r.randint(10000, 99999)}"
        if name == "sapuser":
            c = self.colleague()
            return (c["first"][0] + c["user"].split(".")[1]).upper()[:12]
        if name == "report":
            return r.choice(REPORTS)
        if name == "vpn_err":
            return r.choice(VPN_ERRS)
        if name == "ssid":
            return r.choice(["ACME-Corp", "ACME-Corp", "ACME-Warehouse"])
        if name == "website":
            return r.choice(WEBSITES)
        if name == "room":
            return r.choice(s["rooms"])
        if name == "share":
            return r.choice(SHARES)
        if name == "team_group":
            return r.choice(TEAM_GROUPS)
        if name == "shared_mb":
            return r.choice(SHARED_MBS)
        if name == "phone_model":
            return r.choice(PHONES)
        if name == "monitor":
            return r.choice(MONITORS)
        if name == "laptop_model":
            return r.choice(LAPTOPS)
        if name == "carrier":
            return r.choice(CARRIERS)
        if name == "newstarter":
            return f"{r.choice(NEW_FIRST)} {r.choice(NEW_LAST)}"
        if name == "newtitle":
            return r.choice(NEW_TITLES)
        if name == "startdate":
            d = self.created + timedelta(days=r.randint(3, 12))
            while d.weekday() >= 5:
                d += timedelta(days=1)
            return r.choice([f"{DOW_LONG[d.weekday()]} {d.day} {MONTHS_LONG[d.month - 1]}",
                             f"{d.day} {MONTHS[d.month - 1]}", f"{d.day:02d}.{d.month:02d}."])
        if name == "colleague_name":
            c = self.colleague()
            return f"{c['first']} {c['last']}"
        if name == "colleague_first":
            return self.colleague()["first"]
        if name == "mgr":
            pool = [p for p in PEOPLE_D if p["site"] == self.site and p["user"] != self.person["user"]]
            m = r.choice(pool)
            return f"{m['first']} {m['last']}"
        if name == "ext":
            return f"ext. {r.randint(2100, 4899)}"
        if name == "err_hex":
            return r.choice(ERR_HEX)
        if name == "wave":
            return f"wave {r.randint(1800, 4999)}"
        if name == "sku":
            return f"SKU {r.randint(100000000, 100099999)}"
        if name == "floor":
            return r.choice(FLOORS)
        if name == "cutoff":
            return r.choice(["14:00", "15:30", "16:00", "13:00", "17:00"])
        if name == "app":
            return r.choice(APPS)
        if name == "crash_app":
            return r.choice(CRASH_APPS)
        if name == "lic_app":
            return r.choice(LIC_APPS)
        if name == "when":
            pool = ["since this morning", "since about 10 o'clock", "since lunch", "since yesterday afternoon",
                    "for two days now", "since the update last night"]
            pool += ["since the weekend", "since Friday"] if monday else ["on and off all week", "since yesterday"]
            return r.choice(pool)
        if name == "when2":
            hh = max(self.created.hour + 1 - r.randint(0, 1), 6)
            return r.choice([f"about {hh}:{r.choice(['00', '15', '30', '45'])}", "half an hour ago",
                             "20 minutes ago", "just now"])
        if name == "lastgood":
            pool = ["last week", "this morning"] + (["on Friday"] if monday else ["yesterday", "yesterday"])
            return r.choice(pool)
        raise KeyError(f"unknown slot {{{name}}}")


PEOPLE_D = []
for _u, _t, _s, _k in PEOPLE:
    _f, _l = display_name(_u)
    PEOPLE_D.append(dict(user=_u, title=_t, site=_s, kind=_k, first=_f, last=_l, lang=SITES[_s]["lang"]))

# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


def typo(rng, text):
    words = list(re.finditer(r"[A-Za-z]{5,}", text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randint(1, len(w) - 3)
    op = rng.random()
    if op < 0.45:
        w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    elif op < 0.8:
        w2 = w[:i] + w[i + 1:]
    else:
        w2 = w[:i] + w[i] + w[i:]
    return text[:m.start()] + w2 + text[m.end():]


def signature(rng, person):
    first, last, title, lang = person["first"], person["last"], person["title"], person["lang"]
    so = rng.choice(SIGNOFFS[lang])
    style = rng.random()
    if style < 0.35:
        return f"{so}\n{first}"
    if style < 0.6:
        return f"{so}\n{first}\n{title} | Acme Logistics"
    if style < 0.78:
        return f"{so}\n{first} {last}\n{title}\nAcme Logistics - {person['site']}"
    if style < 0.9:
        return f"{so} {first}"
    return f"{so}\n{first} {last} | {title} | ext. {rng.randint(2100, 4899)}"


def quote_date(rng, created, back_days):
    d = created - timedelta(days=back_days)
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    d = d.replace(hour=rng.randint(7, 15), minute=rng.randint(0, 59))
    return d


def fmt_ts(d):
    return d.strftime("%Y-%m-%dT%H:%M:00Z")


def wchoice(rng, weighted):
    items = list(weighted)
    total = sum(w for _, w in items)
    x = rng.random() * total
    for item, w in items:
        x -= w
        if x < 0:
            return item
    return items[-1][0]


# --------------------------------------------------------------------------------------
# Time model
# --------------------------------------------------------------------------------------

HOLIDAYS = {(5, 14): 0.4, (5, 25): 0.4, (8, 31): 0.7, (5, 1): 0.6, (7, 14): 0.8, (8, 15): 0.8}
DOW_WEIGHT = [1.32, 1.1, 1.0, 1.0, 0.85, 0.08, 0.04]
HOUR_WEIGHT = {3: 0.08, 4: 0.35, 5: 1.0, 6: 2.4, 7: 3.4, 8: 3.2, 9: 2.8, 10: 2.2, 11: 2.3, 12: 2.6, 13: 2.4,
               14: 2.0, 15: 1.3, 16: 0.7, 17: 0.35, 18: 0.18, 19: 0.1, 20: 0.06}


def sample_created(rng):
    days = []
    d = START
    while d <= END:
        w = DOW_WEIGHT[d.weekday()] * HOLIDAYS.get((d.month, d.day), 1.0)
        if d.month == 8:
            w *= 0.85
        days.append((d, w))
        d += timedelta(days=1)
    day = wchoice(rng, days)
    hw = dict(HOUR_WEIGHT)
    if day.weekday() == 0:
        for h in (5, 6, 7, 8):
            hw[h] *= 1.6
    hour = wchoice(rng, hw.items())
    return day.replace(hour=hour, minute=rng.randint(0, 59))


def scenario_weight(sc, created):
    w = sc["w"]
    dow, hour = created.weekday(), created.hour
    off_hours = dow >= 5 or hour < 5 or hour >= 18
    if dow == 0 and hour < 10 and sc["sub"] in ("Password reset", "Account locked"):
        w *= 4.0 if sc["sub"] == "Password reset" else 2.5
    if off_hours:
        w *= 4.0 if sc["cat"] == "Warehouse/WMS" else (0.3 if sc["cat"] in ("Software", "Facilities/AV") else 1.0)
    return w


def in_office_hours(d, shift_work):
    if shift_work:
        return d.weekday() < 6 and 4 <= d.hour < 20
    return d.weekday() < 5 and 6 <= d.hour < 17


def next_office_slot(rng, d, shift_work):
    d = d + timedelta(days=1) if d.hour >= 6 else d
    while d.weekday() >= (6 if shift_work else 5):
        d += timedelta(days=1)
    return d.replace(hour=6 if not shift_work else 4, minute=0) + timedelta(minutes=rng.randint(15, 170))


def resolution_minutes(rng, sc, prio):
    lo, hi = sc["ttr"]
    if prio == "P1":
        lo, hi = 60, 360
    elif prio == "P2":
        lo, hi = max(lo * 0.5, min(lo, 20)), max(hi * 0.5, lo * 1.5)
    elif prio == "P4":
        lo, hi = lo * 1.2, hi * 1.4
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def open_probability(created, prio):
    age = (END - created).days
    p = 0.5 if age < 5 else 0.32 if age < 14 else 0.13 if age < 30 else 0.045
    if prio == "P1":
        return 0.0
    if prio == "P4":
        p *= 1.5
    elif prio == "P2" and age >= 14:
        p *= 0.4
    return min(p, 0.9)


# --------------------------------------------------------------------------------------
# Ticket generation
# --------------------------------------------------------------------------------------

def pick_requester(rng, sc, person_weights, site=None, exclude=()):
    cands = [(p, person_weights[p["user"]]) for p in PEOPLE_D
             if (sc is None or sc["req"] is None or p["kind"] == sc["req"])
             and (site is None or p["site"] == site) and p["user"] not in exclude]
    if sc is not None and sc["cat"] in ("ERP/SAP",):
        cands = [(p, w * (1.0 if p["kind"] == "of" else 0.6)) for p, w in cands]
    return wchoice(rng, cands)


def pick_assignee(rng, group, site):
    if group == "End User Computing" and rng.random() < 0.7:
        return EUC_SITE_TECH[site]
    return wchoice(rng, ASSIGNEES[group])


def pick_priority(rng, sc, body):
    weights = URGENT_PRI if body["urgent"] else sc["pri"]
    return wchoice(rng, [(p, w * PRIORITY_BIAS[p]) for p, w in zip(("P1", "P2", "P3", "P4"), weights)])


def lang_ok(line, person):
    return line["lang"] is None or line["lang"] == person["lang"]


def choose_matching(rng, lines, tags, person, prefer=0.55):
    """A line whose tags overlap `tags`, or an untagged (generic) one."""
    cands = [ln for ln in lines if lang_ok(ln, person)]
    tagged = [ln for ln in cands if ln["tags"] & tags]
    generic = [ln for ln in cands if not ln["tags"]]
    if tagged and (not generic or rng.random() < prefer):
        return rng.choice(tagged)
    return rng.choice(generic or cands)


def validate_scenarios():
    for sc in SCENARIOS:
        for b in sc["bodies"]:
            for kind in ("subjects", "res"):
                ok = [ln for ln in sc[kind] if ln["lang"] is None and (not ln["tags"] or ln["tags"] & b["tags"])]
                if not ok:
                    raise SystemExit(f"{sc['cat']}/{sc['sub']}: no {kind} fits body {b['text'][:50]!r}")


def decorate_subject(rng, subj, prio):
    if prio == "P1" and rng.random() < 0.5:
        subj = rng.choice(["URGENT: ", "URGENT - ", "!! ", "Urgent: "]) + subj
    elif prio == "P2" and rng.random() < 0.15:
        subj = rng.choice(["URGENT ", "Urgent: ", "asap - "]) + subj
    x = rng.random()
    if x < 0.07:
        subj = subj.lower()
    elif x < 0.13:
        subj = typo(rng, subj)
    elif x < 0.16 and not subj.endswith(("?", "!")):
        subj += rng.choice(["?", "!!", " ??", " - please help"])
    return subj


def build_body(rng, sc, core, slots, person, prio, created, allow_quote=True):
    lang = person["lang"]
    sentences = [core]
    cat = sc["cat"]
    if prio in ("P1", "P2") and rng.random() < (1.0 if prio == "P1" else 0.65):
        pool = URGENT_LINES.get(sc["urgent"], URGENT_LINES["default"])
        sentences.append(slots.fill(rng.choice(pool)))
    elif prio == "P4" and rng.random() < 0.25:
        sentences.append(rng.choice(NO_RUSH))
    if rng.random() < 0.35:
        pool = EXTRA_GENERIC + (EXTRA_TECH if cat in TECH_CATS else [])
        extra = slots.fill(rng.choice(pool))
        if extra not in sentences:
            sentences.insert(rng.randint(1, len(sentences)), extra)
    text = " ".join(sentences)
    if rng.random() < 0.1:
        text = typo(rng, text)
    terse = person["kind"] == "wh" and rng.random() < 0.15
    if terse:
        if len(text) > 1 and text[1].islower():
            text = text[0].lower() + text[1:]
        text = text.rstrip(".")
        return text, None
    greetings = [g for g in GREETINGS[lang] if created.hour < 10 or not re.search(r"(?i)morg|morning", g)]
    greeting = rng.choice(greetings) if rng.random() < 0.55 else None
    sign = signature(rng, person) if rng.random() < 0.5 else None
    quote_kind = None
    if allow_quote:
        q = rng.random()
        quote_kind = "re" if q < 0.055 else "fw" if q < 0.085 else None
    parts = []
    if quote_kind == "re":
        parts.append(rng.choice(REOPEN_LINES) + (" " + text if rng.random() < 0.7 else ""))
    elif quote_kind == "fw":
        parts.append(slots.fill(rng.choice(FW_LINES)))
    else:
        parts.append(text)
    if greeting:
        parts.insert(0, greeting)
    if sign:
        parts.append(sign)
    elif rng.random() < 0.05:
        parts.append("Sent from my iPhone")
    if quote_kind == "re":
        qd = quote_date(rng, created, rng.randint(1, 8))
        parts.append(f"> On {DOW[qd.weekday()]}, {qd.day} {MONTHS[qd.month - 1]} {qd.year} at {qd:%H:%M}, "
                     f"Acme IT Service Desk <servicedesk@example.com> wrote:\n> {rng.choice(SD_QUOTES)}")
    elif quote_kind == "fw":
        c = slots.colleague()
        qd = quote_date(rng, created, rng.randint(0, 2))
        qd = min(qd, created - timedelta(minutes=rng.randint(5, 60)))
        quoted = "\n".join("> " + ln for ln in text.split("\n"))
        parts.append(f"> From: {c['first']} {c['last']}\n> Sent: {DOW_LONG[qd.weekday()]}, {qd.day} "
                     f"{MONTHS_LONG[qd.month - 1]} {qd.year} {qd:%H:%M}\n>\n{quoted}")
    return "\n\n".join(parts), quote_kind


MAX_TIME_MULT = 4.0


def allocate_counts(n):
    """Largest-remainder split of n tickets over the scenarios by weight (deterministic mix)."""
    total = sum(sc["w"] for sc in SCENARIOS)
    exact = [n * sc["w"] / total for sc in SCENARIOS]
    counts = [int(x) for x in exact]
    order = sorted(range(len(SCENARIOS)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[:n - sum(counts)]:
        counts[i] += 1
    return counts


def sample_created_for(rng, sc):
    """Creation time conditional on the scenario (Monday-morning resets, warehouse shifts...)."""
    while True:
        created = sample_created(rng)
        if rng.random() * sc["w"] * MAX_TIME_MULT < scenario_weight(sc, created):
            return created


SUBJECT_PREFIXES = ["Help: ", "Help - "]
SUBJECT_SUFFIXES = [" again", " ({site})", " - {first}", " {when}", " {when}", " - {site}"]


def vary_subject(rng, subject, slots):
    """Make a repeated subject distinct the way users do (context suffix, rarely a prefix)."""
    if rng.random() < 0.15:
        return rng.choice(SUBJECT_PREFIXES) + subject
    suffixes = [x for x in SUBJECT_SUFFIXES if not (x == " - {first}" and slots.get("first") in subject)]
    return subject + slots.fill(rng.choice(suffixes))


def make_regular(rng, sc, person_weights, used_subjects):
    created = sample_created_for(rng, sc)
    person = pick_requester(rng, sc, person_weights)
    body_t = rng.choice([b for b in sc["bodies"] if lang_ok(b, person)])
    prio = pick_priority(rng, sc, body_t)
    slots = Slots(rng, person, created)
    core = slots.fill(body_t["text"])

    subject = None
    for attempt in range(10):
        cand = decorate_subject(rng, slots.fill(choose_matching(rng, sc["subjects"], body_t["tags"], person)["text"]),
                                prio)
        if attempt >= 5:
            cand = vary_subject(rng, cand, slots)
        if cand.lower() not in used_subjects:
            subject = cand
            break
    if subject is None:
        subject = cand
    body, qkind = build_body(rng, sc, core, slots, person, prio, created)
    if qkind == "re" and not subject.startswith("RE:"):
        subject = "RE: " + subject
    elif qkind == "fw":
        subject = rng.choice(["FW: ", "Fwd: ", "WG: "]) + subject

    group = GROUPS[wchoice(rng, sc["groups"].items())]
    mins = resolution_minutes(rng, sc, prio)
    resolved = created + timedelta(minutes=mins)
    shift_work = sc["cat"] == "Warehouse/WMS"
    if mins > 240 and not in_office_hours(resolved, shift_work):
        resolved = next_office_slot(rng, resolved, shift_work)
    is_open = rng.random() < open_probability(created, prio) or resolved > SNAPSHOT
    if is_open:
        assignee = "" if rng.random() < 0.45 else pick_assignee(rng, group, person["site"])
        resolved_s, resolution = "", ""
    else:
        if prio in ("P3", "P4") and rng.random() < 0.04:
            resolution = rng.choice(NOISE_RES + (NOISE_RES_TECH if sc["cat"] in NOISE_TECH_CATS else []))
            assignee = "" if resolution.startswith("Duplicate") else pick_assignee(rng, group, person["site"])
        else:
            resolution = slots.fill(choose_matching(rng, sc["res"], body_t["tags"], person, prefer=0.75)["text"])
            assignee = pick_assignee(rng, group, person["site"])
        resolved_s = fmt_ts(resolved)
    return dict(subject=subject, body=body, category=sc["cat"], subcategory=sc["sub"], priority=prio,
                assignmentGroup=group, assignee=assignee, requester=person["user"], client=person["site"],
                created=created, createdAt=fmt_ts(created), resolvedAt=resolved_s, resolution=resolution)


# --------------------------------------------------------------------------------------
# Incident bursts (several users reporting the same outage within ~30 minutes)
# --------------------------------------------------------------------------------------

BURSTS = [
    dict(start=datetime(2026, 6, 15, 6, 52, tzinfo=UTC), spread=28, cat="Email", sub="Outlook",
         group="Messaging & Collaboration", site=None, req=None, fix_after=(150, 175),
         prios=["P1", "P1", "P2", "P2", "P2", "P2", "P2"],
         subjects=["Outlook not loading", "Outlook says \"Trying to connect...\"", "URGENT - no email since 8",
                   "Cannot connect to Exchange", "Outlook disconnected - whole team", "Is email down??",
                   "outlook keeps asking for password and won't connect"],
         bodies=["Outlook won't load for me, it's stuck on \"Trying to connect...\". Teams chat works.",
                 "None of us in customer service can get email, Outlook says disconnected. We can't answer customers.",
                 "No new email since about 8:00. Outlook says \"Trying to connect\" and the web version is very slow too.",
                 "Getting \"Cannot connect to Microsoft Exchange\" when I open Outlook. Restarted twice.",
                 "Whole team in {site} has Outlook disconnected. Is there an outage?",
                 "Email seems to be down? Outlook on my laptop and phone both don't sync.",
                 "Outlook keeps popping up the password window and then goes back to disconnected."],
         res=["Major incident MI-0615: expired certificate on the outbound web proxy broke Exchange Online connectivity. "
              "Certificate renewed at {fixtime} UTC; Outlook reconnected.",
              "Linked to major incident MI-0615 (proxy certificate). Service restored, user confirmed Outlook connected.",
              "Closed under MI-0615. Connectivity to Exchange Online restored after proxy certificate renewal; mail synced."]),
    dict(start=datetime(2026, 8, 20, 4, 41, tzinfo=UTC), spread=27, cat="Warehouse/WMS", sub="Scanner",
         group="Warehouse Systems", site="Hamburg DC", req="wh", fix_after=(95, 125),
         prios=["P1", "P1", "P2", "P1", "P2", "P2"],
         subjects=["Scanners offline in Hamburg DC", "All handhelds show \"No connection to host\"",
                   "WMS scanners down - inbound stopped", "RF guns not connecting!!",
                   "Scanner geht nicht - ganze Halle", "outbound cannot scan, trucks waiting"],
         bodies=["None of the handheld scanners in hall 1 and 2 connect to WMS. Early shift has just started.",
                 "All scanners show \"No connection to host\" since about 06:40. Wi-Fi icon looks ok.",
                 "Inbound can't book any pallets, scanners can't reach WMS. 4 trucks at the gates.",
                 "rf guns all offline at dock 3 to 9, tried rebooting 3 of them no change",
                 "Kein Scanner funktioniert in der ganzen Halle. Please call me, shift is standing still.",
                 "Outbound can't scan anything, {carrier} pickup at 09:00 and nothing is loaded yet."],
         res=["Major incident MI-0820: WMS RF gateway service hung after overnight patching. Service restarted at {fixtime} UTC, "
              "all scanners reconnected.",
              "Linked to MI-0820 (RF gateway). Scanners reconnected after service restart; confirmed with shift lead.",
              "Closed under MI-0820. RF gateway restarted and patch rollback scheduled; scanning working."]),
    dict(start=datetime(2026, 10, 6, 11, 58, tzinfo=UTC), spread=29, cat="Network", sub="VPN",
         group="Network Operations", site=None, req=None, fix_after=(125, 150),
         prios=["P1", "P2", "P1", "P2", "P2", "P2", "P2", "P2"],
         subjects=["VPN down?", "GlobalProtect not connecting since lunch", "Can't connect to VPN - working from home",
                   "VPN: gateway not responding", "remote access down for whole team", "no VPN = can't reach SAP",
                   "VPN issue", "VPN stuck on \"Connecting...\""],
         bodies=["Is the VPN down? GlobalProtect says \"Gateway acme-gw-eu not responding\".",
                 "VPN dropped at 14:00 and won't reconnect. Internet at home is fine.",
                 "Working from home today and GlobalProtect won't connect at all. I need SAP for a customer order.",
                 "Gateway not responding error on VPN, restarted laptop and router.",
                 "Nobody in our team who works remotely can connect to the VPN since lunch.",
                 "Can't get on the VPN so no SAP, no drives. Colleagues at home have the same.",
                 "VPN not connecting, error \"Connection timed out\".",
                 "GlobalProtect stays on \"Connecting...\" forever since about 14:00."],
         res=["Major incident MI-1006: primary VPN gateway failed after a licence expiry, failover did not trigger. "
              "Licence renewed and gateway restored at {fixtime} UTC.",
              "Linked to MI-1006 (VPN gateway). User reconnected successfully after service restoration.",
              "Closed under MI-1006. VPN service restored; failover configuration corrected."]),
]


def make_bursts(rng, person_weights):
    rows = []
    for b in BURSTS:
        sc = next(s for s in SCENARIOS if s["cat"] == b["cat"] and s["sub"] == b["sub"])
        fix = b["start"] + timedelta(minutes=rng.randint(*b["fix_after"]))
        n = len(b["subjects"])
        offsets = sorted([0] + [rng.randint(1, b["spread"]) for _ in range(n - 1)])
        used, sites_used = set(), []
        pseudo = dict(sc, req=b["req"], urgent="scope")
        for i in range(n):
            created = b["start"] + timedelta(minutes=offsets[i])
            site = b["site"]
            if site is None:  # spread over different sites
                others = [s for s in SITES if sites_used.count(s) == min(sites_used.count(x) for x in SITES)]
                site = rng.choice(others)
                sites_used.append(site)
            person = pick_requester(rng, pseudo, person_weights, site=site, exclude=used)
            used.add(person["user"])
            slots = Slots(rng, person, created)
            prio = b["prios"][i]
            body, _ = build_body(rng, pseudo, slots.fill(b["bodies"][i]), slots, person, prio, created,
                                 allow_quote=False)
            resolved = fix + timedelta(minutes=rng.randint(2, 40))
            rows.append(dict(subject=b["subjects"][i], body=body, category=b["cat"], subcategory=b["sub"],
                             priority=prio, assignmentGroup=b["group"],
                             assignee=wchoice(rng, ASSIGNEES[b["group"]]), requester=person["user"],
                             client=person["site"], created=created, createdAt=fmt_ts(created),
                             resolvedAt=fmt_ts(resolved),
                             resolution=(b["res"][0] if i == 0 else rng.choice(b["res"][1:]))
                             .replace("{fixtime}", f"{fix:%H:%M}")))
    return rows


SITE_WEIGHT = {"Rotterdam HQ": 1.25, "Hamburg DC": 0.9, "Lyon Depot": 0.9, "Leeds Office": 1.1,
               "Gdansk Hub": 0.85, "Antwerp Cross-Dock": 1.0}


def generate():
    validate_scenarios()
    rng = random.Random(SEED)
    # A few heavy users, many occasional ones.
    order = list(range(len(PEOPLE_D)))
    rng.shuffle(order)
    person_weights = {PEOPLE_D[i]["user"]: SITE_WEIGHT[PEOPLE_D[i]["site"]] / (rank + 1) ** 0.3
                      for rank, i in enumerate(order)}
    plan = [sc for sc, k in zip(SCENARIOS, allocate_counts(N_REGULAR)) for _ in range(k)]
    rng.shuffle(plan)
    rows, used_subjects = [], set()
    for sc in plan:
        row = make_regular(rng, sc, person_weights, used_subjects)
        used_subjects.add(row["subject"].lower())
        rows.append(row)
    rows += make_bursts(rng, person_weights)
    rows.sort(key=lambda r: (r["created"], r["requester"]))
    for i, r in enumerate(rows):
        r["id"] = f"ACME-{10001 + i}"
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    rows = generate()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r[h] for h in HEADER])
    print(f"wrote {len(rows)} tickets to {args.out}")


if __name__ == "__main__":
    main()
