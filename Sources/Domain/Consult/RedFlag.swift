import Foundation

/// A symptom asked about before anything else on the online form. What the patient reads, how urgent each is and how
/// they are grouped come from the versioned, clinically reviewed file (`RedFlagSet`); the code knows each by name,
/// so that a request stores which were answered yes.
public enum RedFlag: String, CaseIterable, Codable, Sendable {
    case chestPain, strokeSigns, severeBreathlessness, choking, heavyBleeding, seizure, suicidalThoughts, labour
    case anaphylaxis, collapse, suddenConfusion, suddenHeadache, visionLoss, overdose, sepsis, nonBlanchingRash
    case severeAbdominalPain, testicularPain, headInjury, severeBurn, babyFever
    case worseningFast, highTemperatureUnwell, cannotKeepFluids, urineInfectionFever

    /// A few words for staff screens and the clinical record: "Chest pain".
    public var shortName: String {
        switch self {
        case .chestPain: "Chest pain"
        case .strokeSigns: "Signs of a stroke"
        case .severeBreathlessness: "Severe breathlessness"
        case .choking: "Choking"
        case .heavyBleeding: "Heavy bleeding"
        case .seizure: "Seizure (fit)"
        case .suicidalThoughts: "Thoughts of suicide or self-harm"
        case .labour: "Labour or bleeding in pregnancy"
        case .anaphylaxis: "Severe allergic reaction"
        case .collapse: "Collapse or hard to wake"
        case .suddenConfusion: "Sudden confusion"
        case .suddenHeadache: "Sudden severe headache"
        case .visionLoss: "Sudden loss of vision"
        case .overdose: "Overdose or poisoning"
        case .sepsis: "Signs of sepsis"
        case .nonBlanchingRash: "Rash that does not fade under a glass"
        case .severeAbdominalPain: "Severe abdominal pain"
        case .testicularPain: "Sudden testicular pain"
        case .headInjury: "Serious head injury"
        case .severeBurn: "Severe burn"
        case .babyFever: "Baby under 3 months with 38°C or more"
        case .worseningFast: "Much worse in the last day"
        case .highTemperatureUnwell: "High temperature and unwell"
        case .cannotKeepFluids: "Not keeping fluids down"
        case .urineInfectionFever: "Urine infection with fever or back pain"
        }
    }
}

/// How urgent an answer of yes is: the three levels of the screen.
public enum RedFlagLevel: String, Codable, Sendable, Comparable, CaseIterable {
    /// Call 999 or go to A&E now.
    case emergency
    /// Contact the practice or NHS 111 today; a request sent gets a same-day reply.
    case today

    private var rank: Int { self == .emergency ? 2 : 1 }
    public static func < (lhs: RedFlagLevel, rhs: RedFlagLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Who a request is for, asked first so that every question is worded for that person.
public enum RequestSubject: String, CaseIterable, Codable, Sendable {
    case me, child, caredFor

    /// The question set asked: a child's for a child, the adult one otherwise.
    public var audience: RedFlagSet.Audience { self == .child ? .child : .adult }

    public var displayName: String {
        switch self {
        case .me: "The patient themselves"
        case .child: "A parent or guardian, for their child"
        case .caredFor: "A carer, for someone they care for"
        }
    }
}

/// What a patient who answered yes is told to do instead of waiting for the practice.
public enum UrgentAdvice: String, CaseIterable, Codable, Sendable, Comparable {
    /// Something the practice should see today: call the practice or NHS 111 today.
    case contactToday
    /// Thoughts of suicide or self-harm: 999 or A&E now, or NHS 111's mental health option, or Samaritans.
    case call999OrMentalHealth
    /// A physical emergency: 999 or A&E now.
    case call999

    /// The advice for the flags answered yes (each at the level its set gives it), or nil when none. A physical
    /// emergency outranks the mental health advice, whose text also says to call 999; both outrank "today".
    public static func advice(for answers: [RedFlag: RedFlagLevel]) -> UrgentAdvice? {
        answers.map { flag, level in
            level == .today ? UrgentAdvice.contactToday : flag == .suicidalThoughts ? .call999OrMentalHealth : .call999
        }.max()
    }

    /// The first line, in large type.
    public var headline: String {
        switch self {
        case .call999: "Call 999 now"
        case .call999OrMentalHealth: "Get help now: you do not have to wait for the practice"
        case .contactToday: "Contact the practice or NHS 111 today"
        }
    }

    /// What to do, in full.
    public var detail: String {
        switch self {
        case .call999:
            "This could be an emergency. Call 999 for an ambulance, or go to A&E now. "
                + "Do not wait for the practice to reply to this request."
        case .call999OrMentalHealth:
            "If you might act on these thoughts, or you have hurt yourself, call 999 or go to A&E now. "
                + "If you need help urgently but it is not an emergency, call NHS 111 and choose the mental health option. "
                + "You can talk to Samaritans at any time, day or night, free on 116 123. "
                + "Do not wait for the practice to reply to this request."
        case .contactToday:
            "This needs to be looked at today. Phone the practice now, or if it is closed call NHS 111 or go to 111.nhs.uk. "
                + "You can also send this request: it will be marked urgent, and the practice will reply today. "
                + "If things get worse, or you are worried it is an emergency, call 999."
        }
    }

    /// Whether the patient must act now rather than wait for any reply.
    public var isEmergency: Bool { self != .contactToday }

    private var rank: Int {
        switch self {
        case .contactToday: 0
        case .call999OrMentalHealth: 1
        case .call999: 2
        }
    }

    public static func < (lhs: UrgentAdvice, rhs: UrgentAdvice) -> Bool { lhs.rank < rhs.rank }
}
