import Domain
import Foundation

/// The steps of the red-flag screen, from who the request is for to the form (or the advice, or the closed page).
/// Each step's progress is signed, so that a screen cannot be skipped; the last issues the form's key and its proof.
struct ScreenFlow {
    var online: OnlinePractice
    var set: RedFlagSet
    var box: SecretBox
    var now: Date

    enum Outcome {
        case who(NewTriageRequest.Screen.Model)
        case questions(NewTriageRequest.Questions.Model, refused: Bool)
        case advice(NewTriageRequest.Advice.Model)
        case closed(NewTriageRequest.Closed.Model)
        case form(NewTriageRequest.Form.Screened)
    }

    private var practice: Organisation { online.practice }

    /// The next page for these answers.
    func advance(_ answers: NewTriageRequestController.ScreenAnswers) throws -> Outcome {
        guard let step = answers.step else { return chooseSubject(answers.subject) }
        guard let progress = verifiedProgress(answers, step: step) else {
            return .who(whoModel(error: FormError(field: "subject", message: "Please start the questions again: they were changed or opened too long ago.")))
        }
        let screens = set.screens(for: progress.subject.audience)
        guard screens.indices.contains(step) else { return chooseSubject(nil) }
        let screen = screens[step]
        let asked = Set(screen.questions.map(\.flag))
        let ticked = Set((answers.flags ?? []).compactMap(RedFlag.init(rawValue:))).intersection(asked)
        let none = answers.none == "yes"
        if ticked.isEmpty != none {
            let message =
                none
                ? "You ticked “None of these” and a symptom: untick one of them"
                : "Tick any that apply, or tick “None of these”"
            let model = questionsModel(step: step, progress: progress, ticked: ticked, error: FormError(field: "flags", message: message))
            return .questions(model, refused: true)
        }
        let answered = progress.answered + screen.questions.map(\.flag).filter(ticked.contains)
        let levels = Dictionary(answered.compactMap { flag in set.level(of: flag, for: progress.subject.audience).map { (flag, $0) } },
                                uniquingKeysWith: max)
        if let advice = UrgentAdvice.advice(for: levels), advice.isEmergency || step == screens.count - 1 {
            return .advice(adviceModel(flags: answered, advice: advice, subject: progress.subject))
        }
        if step + 1 < screens.count {
            let next = NewTriageRequest.Progress.signed(
                practice: practice, subject: progress.subject, step: step + 1, answered: answered, version: set.version, now: now, box: box)
            return .questions(questionsModel(step: step + 1, progress: next), refused: false)
        }
        if case .closed(let reason) = online.capacity.intake(at: now), !online.acceptsWhenClosed {
            return .closed(NewTriageRequest.Closed.Model(practice: practice, reason: reason))
        }
        return .form(screened(subject: progress.subject, flags: answered))
    }

    private func chooseSubject(_ text: String?) -> Outcome {
        guard let subject = text.flatMap(RequestSubject.init(rawValue:)) else {
            return .who(whoModel(error: FormError(field: "subject", message: "Choose who the request is for")))
        }
        let progress = NewTriageRequest.Progress.signed(
            practice: practice, subject: subject, step: 0, answered: [], version: set.version, now: now, box: box)
        return .questions(questionsModel(step: 0, progress: progress), refused: false)
    }

    /// The progress the form carried, if the server signed it for this step and this version of the screen.
    private func verifiedProgress(_ answers: NewTriageRequestController.ScreenAnswers, step: Int) -> NewTriageRequest.Progress? {
        let answered = (answers.answered ?? "").split(separator: ",").compactMap { RedFlag(rawValue: String($0)) }
        let subject = answers.subject.flatMap(RequestSubject.init(rawValue:))
        guard answers.version == set.version,
            (try? ScreenProof.verify(
                answers.progress, practiceCode: practice.odsCode, submission: "screen:\(step)", subject: subject, flags: answered,
                version: answers.version, now: now, box: box)) != nil,
            let subject
        else { return nil }
        return NewTriageRequest.Progress(subject: subject, step: step, answered: answered, version: set.version, token: answers.progress ?? "")
    }

    private func whoModel(error: FormError) -> NewTriageRequest.Screen.Model {
        var model = NewTriageRequest.Screen.Model.load(online, now: now)
        model.errors = [error]
        return model
    }

    private func questionsModel(
        step: Int, progress: NewTriageRequest.Progress, ticked: Set<RedFlag> = [], error: FormError? = nil
    ) -> NewTriageRequest.Questions.Model {
        let screens = set.screens(for: progress.subject.audience)
        return NewTriageRequest.Questions.Model(
            practice: practice, leadIn: set.leadIn(for: progress.subject), screen: screens[step], count: screens.count,
            progress: progress, ticked: ticked, errors: error.map { [$0] } ?? [])
    }

    private func adviceModel(flags: [RedFlag], advice: UrgentAdvice, subject: RequestSubject) -> NewTriageRequest.Advice.Model {
        var takesRequests = true
        if case .closed = online.capacity.intake(at: now), !online.acceptsWhenClosed { takesRequests = false }
        return NewTriageRequest.Advice.Model(
            practice: practice, flags: flags, advice: advice, proceed: takesRequests ? screened(subject: subject, flags: flags) : nil)
    }

    private func screened(subject: RequestSubject, flags: [RedFlag]) -> NewTriageRequest.Form.Screened {
        .issue(practice: practice, subject: subject, flags: flags, version: set.version, now: now, box: box)
    }
}
