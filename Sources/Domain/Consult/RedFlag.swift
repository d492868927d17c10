import Foundation

/// A symptom that needs emergency help now, asked about before anything else on the online form.
/// A patient who ticks one is told at once what to do; the request still reaches the practice,
/// marked, so that nobody resubmits it with the red flag left out.
public enum RedFlag: String, CaseIterable, Codable, Sendable {
    case chestPain
    case strokeSigns
    case severeBreathlessness
    case choking
    case heavyBleeding
    case seizure
    case suicidalThoughts
    case labour

    /// The question as the patient sees it: plain words that read well on a small old phone.
    public var question: String {
        switch self {
        case .chestPain:
            "Chest pain, or pressure or tightness in your chest, that started recently"
        case .strokeSigns:
            "Your face has dropped on one side, you cannot lift both arms, or your speech is suddenly slurred or muddled"
        case .severeBreathlessness:
            "So out of breath that you cannot say a few words, or your lips or skin are turning blue or grey"
        case .choking:
            "Choking, or something stuck in your throat so that you cannot breathe properly"
        case .heavyBleeding:
            "Bleeding heavily, and it will not stop"
        case .seizure:
            "A fit (seizure) that is happening now, that will not stop, or that is your first ever"
        case .suicidalThoughts:
            "Thoughts of ending your life or of harming yourself, or you have already hurt yourself"
        case .labour:
            "You are pregnant and think you are in labour, your waters have broken, or you are bleeding"
        }
    }

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
        }
    }

    /// What the patient is told to do at once.
    public var advice: UrgentAdvice {
        switch self {
        case .suicidalThoughts: .call999OrMentalHealth
        default: .call999
        }
    }

    /// The most urgent advice for the flags a patient ticked, or nil when they ticked none.
    /// A physical emergency outranks the mental health advice, whose text also tells the patient to call 999.
    public static func advice(for flags: Set<RedFlag>) -> UrgentAdvice? {
        flags.map(\.advice).max()
    }
}

/// What a patient with a red flag is told to do instead of waiting for the practice.
public enum UrgentAdvice: String, CaseIterable, Codable, Sendable, Comparable {
    /// A physical emergency: 999 or A&E now.
    case call999
    /// Thoughts of suicide or self-harm: 999 or A&E now, or NHS 111's mental health option, or Samaritans.
    case call999OrMentalHealth

    /// The first line, in large type.
    public var headline: String {
        switch self {
        case .call999: "Call 999 now"
        case .call999OrMentalHealth: "Get help now: you do not have to wait for the practice"
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
        }
    }

    /// Higher is more urgent.
    private var rank: Int {
        switch self {
        case .call999OrMentalHealth: 0
        case .call999: 1
        }
    }

    public static func < (lhs: UrgentAdvice, rhs: UrgentAdvice) -> Bool { lhs.rank < rhs.rank }
}
