"""The digital estate at England's scale, for bench/estate.py: organisations, staff, desktop pools and assets.

One national organisation (the one `surgery create-admin` made), 42 ICBs, ~106 sub-ICBs under them, and the
practices spread evenly over the ICBs with contiguous ODS codes (A00001, A00002, …; an ICB's practices are
neighbours, as real codes are grouped by region). Each practice has 15–25 staff (one practice manager, GPs,
nurses, receptionists) engaged since some day in the past and still engaged; 90 % of them have a TOTP secret; 3 %
also work as a locum at the next practice; 60 % of practices have a leaver whose kit is due back. Assets: exactly
`assets` over the practices (the same number each, ± 1), each practice's staff holding kit in use in their own
name (laptop or desktop, headset, webcam, smartcard and reader, some phones and data plans), the rest spares in
stock, kit in repair, on order, lost, stolen, returned, retired and disposed (with a certificate), and a few
personal devices. One desktop pool per sub-ICB serves 65 % of its practices; a fifth of the pools admit only
clinicians. A tenth of the practices set their own readiness target.

Everything comes from one seeded `random.Random`, so two databases filled with the same seed hold the same estate.
Values are Python values (str, float seconds since 1970 for timestamps, bool, ISO date text); the caller
encodes them for its database. While the assets are produced the generator notes each person's kit in use, so that
`expected_readiness` can say afterwards what the readiness pages must show.
"""

from __future__ import annotations

import base64
import random
import time
from bisect import bisect
from itertools import accumulate
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterator

ICBS = 42
UUID_MASK = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
UUID_V4 = (0x4000 << 64) | (0x8000 << 48)
SUB_ICBS = 106
DAY = 86_400.0

# ---------------------------------------------------------------------------------------------------------------
# The columns written, per table. An insert names its columns, so a required column added to the schema later makes
# it fail loudly rather than quietly fill in something.

COLUMNS = {
    "organisations": ("id", "ods_code", "name", "kind", "status", "opened_on", "parent_id", "updated_at"),
    "people": ("id", "name", "email", "password_hash", "totp_secret", "created_at"),
    "engagements": ("id", "person_id", "organisation_id", "role", "kind", "starts_on", "ends_on", "created_at"),
    "desktop_pools": ("id", "created_at", "turn", "name", "placement", "roles", "disconnected_timeout", "idle_timeout"),
    "desktop_pool_organisations": ("id", "pool_id", "organisation_id"),
    "estate_settings": ("id", "organisation_id", "readiness_target"),
    "estate_assets": (
        "id", "created_at", "updated_at", "tag", "serial", "kind", "make", "model", "funder", "location", "state",
        "encryption", "operating_system", "os_end_of_support", "last_seen", "personal", "certificate",
        "return_due_since", "owner_id", "person_id",
    ),
}

# ---------------------------------------------------------------------------------------------------------------
# The rules the readiness page applies (Sources/Domain/Estate/Readiness.swift, StaffRole.swift), restated so that
# the bench can tell whether the page counted right.

STANDARD_NEEDS = {
    "gp": {"laptop", "second_factor", "desktop_seat", "headset", "webcam", "video_access"},
    "nurse": {"laptop", "second_factor", "desktop_seat", "headset", "webcam"},
    "pharmacist": {"laptop", "second_factor", "desktop_seat", "headset", "webcam"},
    "receptionist": {"device", "second_factor", "desktop_seat", "headset"},
    "practice_manager": {"laptop", "second_factor", "desktop_seat", "headset"},
}
OPEN_DESKTOP_ROLES = {"gp", "nurse", "pharmacist", "receptionist", "practice_manager", "system_admin"}
VIDEO_ROLES = {"gp", "nurse", "pharmacist", "system_admin"}
ALL_ROLES = {"gp", "nurse", "pharmacist", "receptionist", "practice_manager", "commissioner_it_lead",
             "national_admin", "system_admin"}
DEVICE_KINDS = {"laptop", "desktop", "tablet"}
STANDARD_TARGET = 60

# ---------------------------------------------------------------------------------------------------------------
# What kit looks like.

# Kit in use in a person's name, by role: (kind, probability).
ROLE_KIT = {
    "gp": [("laptop", 0.88), ("headset", 0.85), ("webcam", 0.80), ("smartcard", 0.97), ("smartcard_reader", 0.90),
           ("phone", 0.35), ("data_plan", 0.25), ("hardware_token", 0.10)],
    "nurse": [("laptop", 0.75), ("headset", 0.80), ("webcam", 0.70), ("smartcard", 0.97), ("smartcard_reader", 0.85),
              ("phone", 0.15)],
    "receptionist": [("desktop", 0.85), ("headset", 0.80), ("smartcard", 0.95), ("smartcard_reader", 0.90)],
    "practice_manager": [("laptop", 0.97), ("headset", 0.85), ("webcam", 0.50), ("phone", 0.80), ("data_plan", 0.60),
                         ("smartcard", 0.97), ("smartcard_reader", 0.90)],
}
# The rest of a practice's assets: (state, weight, kinds).
OTHER_ASSETS = [
    ("in_stock", 26, ["laptop", "headset", "headset", "webcam", "smartcard", "smartcard_reader", "desktop", "other"]),
    ("retired", 18, ["desktop", "desktop", "laptop", "phone", "smartcard_reader", "other"]),
    ("disposed", 22, ["desktop", "desktop", "laptop", "laptop", "phone", "tablet"]),
    ("in_repair", 4, ["laptop", "desktop", "headset"]),
    ("on_order", 4, ["laptop", "headset", "webcam"]),
    ("lost", 2, ["phone", "smartcard", "headset", "hardware_token"]),
    ("stolen", 1, ["laptop", "phone"]),
    ("returned", 3, ["laptop", "phone", "headset"]),
    ("allocated", 2, ["laptop", "headset"]),
    ("in_transit", 1, ["laptop", "webcam"]),
]
HOLDS_PERSON = {"allocated", "in_transit", "in_use", "in_repair"}
MAKE_MODEL = {
    "laptop": [("Dell", "Latitude 5440"), ("Lenovo", "ThinkPad T14 Gen 4"), ("HP", "EliteBook 840 G10")],
    "desktop": [("HP", "EliteDesk 800 G9"), ("Dell", "OptiPlex 7010")],
    "tablet": [("Apple", "iPad 10th generation"), ("Samsung", "Galaxy Tab S9")],
    "phone": [("Samsung", "Galaxy A35"), ("Apple", "iPhone 15")],
    "data_plan": [("Vodafone", "Unlimited data SIM"), ("EE", "Business SIM 100GB")],
    "hardware_token": [("Yubico", "YubiKey 5 NFC")],
    "smartcard": [("NHS", "Smartcard")],
    "smartcard_reader": [("Omnikey", "3121"), ("Identiv", "uTrust 2700 R")],
    "webcam": [("Logitech", "C920"), ("Logitech", "Brio 300")],
    "headset": [("Jabra", "Evolve2 40"), ("Poly", "Blackwire 3320")],
    "other": [("APC", "Back-UPS 700"), ("Brother", "HL-L5100DN")],
}
OPERATING_SYSTEMS = [("Windows 11 Enterprise 24H2", "2027-10-12", 80), ("Windows 11 Enterprise 23H2", "2026-11-10", 12),
                     ("Windows 10 Pro 22H2", "2025-10-14", 8)]
OS_CUMULATIVE = list(accumulate(weight for _, _, weight in OPERATING_SYSTEMS))
LOCATIONS = ["Reception", "Consulting room 1", "Consulting room 2", "Consulting room 3", "Treatment room", "Back office",
             "Store cupboard", "Home working"]
FIRST = ["Amara", "Ben", "Chloe", "Dan", "Erin", "Fatima", "Grace", "Harry", "Isla", "Jack", "Kate", "Liam", "Maya",
         "Ned", "Olivia", "Priya", "Raj", "Sara", "Tom", "Uma", "Victor", "Wendy", "Yusuf", "Zoe", "Aisha", "Callum",
         "Deepa", "Ewan", "Freya", "Gareth", "Hana", "Imran", "Joy", "Kofi", "Leah", "Mo", "Nia", "Owen", "Pia", "Rhys"]
LAST = ["Okafor", "Hughes", "Patel", "Evans", "Walsh", "Khan", "Lee", "Morgan", "Turner", "Reed", "Shah", "Cole",
        "Fox", "Said", "Park", "Chen", "Doyle", "Hale", "Iqbal", "Price", "Moss", "Nash", "Orr", "Pugh", "Rao",
        "Shaw", "Jones", "Mehta", "Smith", "Brown", "Taylor", "Wilson", "Davies", "Roberts", "Wright", "Green",
        "Hall", "Wood", "Clarke", "Ahmed"]
PLACES = ["Riverside", "Orchard", "Castle Street", "Millbrook", "Harbour", "Elm Tree", "Station Road", "Park View",
          "High Street", "Church Lane", "Meadow", "Bridge", "Valley", "Hillside", "Abbey", "Market Square", "Green Lane",
          "Woodland", "Northgate", "Southside", "Beacon", "Kingsway", "Queens Road", "Victoria"]


@dataclass
class Staff:
    person_id: str
    role: str
    enrolled: bool
    home: int  # index of the practice that holds their kit


@dataclass
class Estate:
    """The plan of one estate; `assets()` yields the asset rows and records each person's kit as it goes."""

    national_id: str
    practices: int
    assets_total: int
    seed: int
    now: float = field(default_factory=time.time)
    organisations: list[tuple] = field(default_factory=list)
    people: list[tuple] = field(default_factory=list)
    engagements: list[tuple] = field(default_factory=list)
    pools: list[tuple] = field(default_factory=list)
    grants: list[tuple] = field(default_factory=list)
    settings: list[tuple] = field(default_factory=list)
    # per practice index
    practice_ids: list[str] = field(default_factory=list)
    practice_codes: list[str] = field(default_factory=list)
    practice_icb: list[int] = field(default_factory=list)
    practice_parent: list[str] = field(default_factory=list)
    staff: list[list[Staff]] = field(default_factory=list)  # active staff engaged at each practice
    leavers: list[list[str]] = field(default_factory=list)
    seat_roles: list[set[str]] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    # per ICB index
    icb_ids: list[str] = field(default_factory=list)
    icb_codes: list[str] = field(default_factory=list)
    icb_names: list[str] = field(default_factory=list)
    icb_practices: list[list[int]] = field(default_factory=list)
    sub_icb_ids: list[list[str]] = field(default_factory=list)
    # filled by assets()
    kit: dict[str, set[str]] = field(default_factory=dict)
    asset_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    personal_count: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._plan()

    # -- helpers -------------------------------------------------------------------------------------------------

    def _uuid(self) -> str:
        """A random (version 4) UUID as upper-case text, the way Fluent writes one to SQLite."""
        h = f"{(self.rng.getrandbits(128) & UUID_MASK) | UUID_V4:032X}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _day(self, days_ago: float) -> str:
        return (datetime.fromtimestamp(self.now - days_ago * DAY, timezone.utc).date()).isoformat()

    # -- organisations, people, pools ----------------------------------------------------------------------------

    def _plan(self) -> None:
        rng, now = self.rng, self.now
        practices = self.practices
        icbs = min(ICBS, practices)
        subs = max(icbs, min(SUB_ICBS, practices))
        alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        subs_per_icb = [subs // icbs + (1 if i < subs % icbs else 0) for i in range(icbs)]
        practices_per_icb = [practices // icbs + (1 if i < practices % icbs else 0) for i in range(icbs)]
        opened = self._day(4000)
        practice_index = 0
        sub_number = 0
        for i in range(icbs):
            icb_id = self._uuid()
            code = f"Q{alnum[10 + i // 36]}{alnum[i % 36]}"  # QA0, QA1, … (never a demo code)
            name = f"NHS Bench Area {i + 1:02d} Integrated Care Board"
            self.organisations.append((icb_id, code, name, "icb", "A", opened, self.national_id, now))
            self.icb_ids.append(icb_id)
            self.icb_codes.append(code)
            self.icb_names.append(name)
            subs_here = []
            for s in range(subs_per_icb[i]):
                sub_id = self._uuid()
                sub_code = f"{sub_number // 26:02d}{letters[sub_number % 26]}"  # 00A, 00B, … like old CCG codes
                sub_number += 1
                self.organisations.append((sub_id, sub_code, f"NHS Bench Area {i + 1:02d} sub-ICB {sub_code}", "sub_icb",
                                           "A", opened, icb_id, now))
                subs_here.append(sub_id)
            self.sub_icb_ids.append(subs_here)
            members = []
            for k in range(practices_per_icb[i]):
                sub = subs_here[k * len(subs_here) // practices_per_icb[i]]
                pid = self._uuid()
                pcode = f"{letters[practice_index // 100_000]}{practice_index % 100_000 + 1:05d}"
                pname = f"{rng.choice(PLACES)} {rng.choice(['Surgery', 'Medical Centre', 'Health Centre', 'Practice'])} {pcode}"
                self.organisations.append((pid, pcode, pname, "practice", "A", self._day(rng.uniform(800, 12000)), sub, now))
                self.practice_ids.append(pid)
                self.practice_codes.append(pcode)
                self.practice_icb.append(i)
                self.practice_parent.append(sub)
                self.staff.append([])
                self.leavers.append([])
                self.seat_roles.append(set())
                target = STANDARD_TARGET
                if rng.random() < 0.10:
                    target = rng.choice([50, 70, 80])
                    self.settings.append((self._uuid(), pid, target))
                self.targets.append(target)
                members.append(practice_index)
                practice_index += 1
            self.icb_practices.append(members)
            # one desktop pool per sub-ICB, serving 65 % of its practices; a fifth admit clinicians only
            for s, sub_id in enumerate(subs_here):
                served = [p for p in members if self.practice_parent[p] == sub_id and rng.random() < 0.65]
                clinicians_only = rng.random() < 0.2
                roles = "gp,nurse,pharmacist" if clinicians_only else ""
                pool_id = self._uuid()
                self.pools.append((pool_id, now - rng.uniform(30, 700) * DAY, 0,
                                   f"Bench desktops {self.icb_codes[i]}-{s + 1}", "breadthFirst", roles, 1200, 1800))
                allowed = ({"gp", "nurse", "pharmacist"} if clinicians_only else ALL_ROLES) & OPEN_DESKTOP_ROLES
                for p in served:
                    self.grants.append((self._uuid(), pool_id, self.practice_ids[p]))
                    self.seat_roles[p] |= allowed
        self._plan_people()

    def _plan_people(self) -> None:
        rng, now = self.rng, self.now
        person_number = 0

        def person(role: str, enrolled: bool) -> str:
            nonlocal person_number
            person_number += 1
            pid = self._uuid()
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{'Dr ' if role == 'gp' else ''}{first} {last}"
            email = f"{first}.{last}.{person_number}@bench.nhs.uk".lower()
            # a sealed-looking secret: readiness only asks whether there is one; nobody signs in as these people
            secret = "v1:" + base64.b64encode(rng.randbytes(60)).decode() if enrolled else None
            self.people.append((pid, name, email, None, secret, now - rng.uniform(30, 2000) * DAY))
            return pid

        for p, practice_id in enumerate(self.practice_ids):
            count = rng.randint(15, 25)
            roles = ["practice_manager"]
            while len(roles) < count:
                roles.append(rng.choices(["gp", "nurse", "receptionist"], weights=[30, 25, 45])[0])
            for role in roles:
                enrolled = rng.random() < 0.90
                pid = person(role, enrolled)
                starts = self._day(rng.uniform(30, 3650))
                self.engagements.append((self._uuid(), pid, practice_id, role, "permanent", starts, None,
                                         now - rng.uniform(30, 2000) * DAY))
                self.staff[p].append(Staff(pid, role, enrolled, p))
            if rng.random() < 0.60:  # someone who left last month; their kit is due back
                role = rng.choice(["gp", "nurse", "receptionist"])
                pid = person(role, True)
                self.engagements.append((self._uuid(), pid, practice_id, role, "permanent", self._day(1500),
                                         self._day(20), now - 1500 * DAY))
                self.leavers[p].append(pid)
        # locums: 3 % of staff also work at the next practice in the same ICB
        for p in range(len(self.practice_ids)):
            icb = self.practice_icb[p]
            neighbour = p + 1
            if neighbour >= len(self.practice_ids) or self.practice_icb[neighbour] != icb:
                continue
            for member in list(self.staff[p]):
                if member.home == p and member.role in ("gp", "nurse") and rng.random() < 0.03:
                    self.engagements.append((self._uuid(), member.person_id, self.practice_ids[neighbour], member.role,
                                             "locum", self._day(rng.uniform(30, 400)), None, now))
                    self.staff[neighbour].append(Staff(member.person_id, member.role, member.enrolled, p))

    # -- assets ---------------------------------------------------------------------------------------------------

    def assets(self) -> Iterator[list[tuple]]:
        """The asset rows, one list per practice; exactly `assets_total` in all."""
        rng, now = self.rng, self.now
        practices = len(self.practice_ids)
        other_states = [state for state, _, _ in OTHER_ASSETS]
        other_cumulative = list(accumulate(weight for _, weight, _ in OTHER_ASSETS))
        other_kinds = {state: kinds for state, _, kinds in OTHER_ASSETS}
        for p in range(practices):
            quota = self.assets_total // practices + (1 if p < self.assets_total % practices else 0)
            owner = self.practice_ids[p]
            code = self.practice_codes[p]
            items: list[tuple[str, str, str | None, bool, float | None]] = []  # kind, state, person, personal, due
            for member in self.staff[p]:
                if member.home != p:
                    continue  # a locum's kit belongs to their home practice
                has_desktop = False
                for kind, chance in ROLE_KIT[member.role]:
                    if rng.random() < chance:
                        items.append((kind, "in_use", member.person_id, False, None))
                        has_desktop |= kind == "desktop"
                if member.role == "receptionist" and not has_desktop:
                    if rng.random() < 0.5:
                        items.append((rng.choice(["laptop", "tablet"]), "in_use", member.person_id, False, None))
                if rng.random() < 0.04:  # their own phone, laptop or data plan used for work
                    items.append((rng.choice(["phone", "phone", "data_plan", "laptop", "tablet"]), "in_use",
                                  member.person_id, True, None))
            for leaver in self.leavers[p]:
                due = now - 20 * DAY
                for kind in ("laptop", "headset"):
                    items.append((kind, "in_use", leaver, False, due))
            rng.shuffle(items)
            items = items[:quota]
            people = [member.person_id for member in self.staff[p] if member.home == p] or [None]
            while len(items) < quota:
                state = other_states[bisect(other_cumulative, rng.random() * other_cumulative[-1])]
                holder = rng.choice(people) if state in HOLDS_PERSON else None
                items.append((rng.choice(other_kinds[state]), state, holder, False, None))
            rows = []
            for number, (kind, state, holder, personal, due) in enumerate(items, start=1):
                rows.append(self._asset_row(code, number, owner, kind, state, holder, personal, due))
                self.asset_counts[(kind, state)] = self.asset_counts.get((kind, state), 0) + 1
                if personal:
                    self.personal_count += 1
                elif state == "in_use" and holder is not None:
                    self.kit.setdefault(holder, set()).add(kind)
            yield rows

    def _asset_row(self, code: str, number: int, owner: str, kind: str, state: str, holder: str | None,
                   personal: bool, due: float | None) -> tuple:
        rng, now = self.rng, self.now
        make, model = rng.choice(MAKE_MODEL[kind])
        created = now - rng.uniform(1, 2200) * DAY
        updated = created + rng.uniform(0, now - created)
        device = kind in DEVICE_KINDS
        os_name = end_of_support = last_seen = None
        if device and not personal:
            if kind == "tablet":
                os_name = "iPadOS 18"
            else:
                os_name, end_of_support, _ = OPERATING_SYSTEMS[bisect(OS_CUMULATIVE, rng.random() * OS_CUMULATIVE[-1])]
            if state == "in_use":
                seen = datetime.fromtimestamp(now - rng.uniform(0, 20) * DAY, timezone.utc).replace(microsecond=0)
                last_seen = seen.strftime("%Y-%m-%dT%H:%M:%SZ")
        if personal:
            funder, encryption = "practice", "unknown"
        else:
            draw = rng.random()
            funder = "practice" if draw < 0.60 else "commissioner" if draw < 0.95 else "national"
            draw = rng.random()
            encryption = ("encrypted" if draw < 0.85 else "not_encrypted" if draw < 0.90 else "unknown") if device else "unknown"
        certificate = f"WEEE-{2020 + rng.randrange(7)}-{rng.randrange(100000):05d}" if state == "disposed" else None
        location = rng.choice(LOCATIONS) if not personal and rng.random() < 0.4 else None
        serial = "" if personal else f"{make[:2].upper()}{rng.getrandbits(40):010X}"
        return (self._uuid(), created, updated, f"{code}-{number:05d}", serial, kind, make, model, funder, location,
                state, encryption, os_name, end_of_support, last_seen, personal, certificate, due, owner, holder)

    # -- what the readiness pages must show -----------------------------------------------------------------------

    def readiness(self, practice: int) -> tuple[int, int, int]:
        """(staff, ready, target) of one practice, by the rules of Readiness.swift; call after assets() is used up."""
        roles_by_person: dict[str, set[str]] = {}
        enrolled: dict[str, bool] = {}
        for member in self.staff[practice]:
            roles_by_person.setdefault(member.person_id, set()).add(member.role)
            enrolled[member.person_id] = member.enrolled
        ready = 0
        for person_id, roles in roles_by_person.items():
            needs = set().union(*(STANDARD_NEEDS[role] for role in roles))
            if "laptop" in needs:
                needs.discard("device")
            kinds = self.kit.get(person_id, set())
            have = {kind for kind in kinds}
            if kinds & DEVICE_KINDS:
                have.add("device")
            if enrolled[person_id]:
                have.add("second_factor")
            if roles & self.seat_roles[practice]:
                have.add("desktop_seat")
            if roles & VIDEO_ROLES:
                have.add("video_access")
            if needs <= have:
                ready += 1
        return len(roles_by_person), ready, self.targets[practice]

    def icb_readiness(self, icb: int) -> dict[str, int]:
        """The roll-up the ICB's readiness page must print."""
        staff = ready = meeting = 0
        members = self.icb_practices[icb]
        for p in members:
            s, r, target = self.readiness(p)
            staff += s
            ready += r
            meeting += 1 if s > 0 and r * 100 >= target * s else 0
        return {"staff": staff, "ready": ready, "percent": ready * 100 // staff if staff else 0,
                "organisations": len(members), "meeting": meeting}

    def scope_ids(self, icb: int) -> list[str]:
        """What the ICB sees: itself, its sub-ICBs and their practices (OrganisationScope.visibleIDs)."""
        return [self.icb_ids[icb], *self.sub_icb_ids[icb], *(self.practice_ids[p] for p in self.icb_practices[icb])]

