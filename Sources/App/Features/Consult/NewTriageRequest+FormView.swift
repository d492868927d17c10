import Domain
import Foundation
import Plot

extension NewTriageRequest.Form {
    /// The request form: what is wrong, photos, who the patient is and how to reach them.
    struct View {
        var model: Model
        var chrome: PageChrome

        private var practice: Organisation { model.practice }
        private var form: TriageRequestForm { model.form }
        private var errors: [FormError] { model.errors }

        /// "About your child": the details asked are the patient's, whoever fills in the form.
        static func aboutHeading(_ subject: String?) -> String {
            switch subject.flatMap(RequestSubject.init(rawValue:)) {
            case .child: "About your child (the patient)"
            case .caredFor: "About the person you are asking for (the patient)"
            default: "About you"
            }
        }

        var html: HTML {
            // "Your request has not been sent" above the form when its sender must wait
            let notice = model.notSent.map { $0.refusal.requestNotSentNotice(practice: practice, hadPhotos: $0.hadPhotos) }
            return Layout("Your request to \(practice.name)", chrome: chrome).render([
                .div(
                    .class("narrow"),
                    .h1(.text("Your request to \(practice.name)")),
                    notice ?? .empty,
                    .if(!(form.redFlags ?? "").isEmpty, .div(.class("notice notice--warning"), .p(.text("You told us about symptoms that need urgent help. If they get worse, call 999.")))),
                    Components.errorSummary(errors),
                    .form(
                        .action(SiteURL.requestSend(ods: practice.odsCode).path), .method(.post), .enctype(.multipartData), .novalidate(),
                        Components.csrfField(chrome.csrf),
                        Components.hiddenField("submission", form.submission ?? ""),
                        Components.hiddenField("redFlags", form.redFlags ?? ""),
                        Components.hiddenField("subject", form.subject ?? ""),
                        Components.hiddenField("screenVersion", form.screenVersion ?? ""),
                        Components.hiddenField("screenProof", form.screenProof ?? ""),
                        .div(
                            .h2(.text("What do you need?")),
                            radios("kind", legend: "Is this about", options: RequestKind.allCases.map { ($0.rawValue, $0.displayName) }, selected: form.kind),
                            Components.select("adminTopic", label: "If it is an admin request, what is it about?",
                                              options: [("", "Choose one")] + AdminTopic.allCases.map { ($0.rawValue, $0.displayName) },
                                              selected: form.adminTopic, errors: errors),
                            textarea("description", label: "Tell us what you need help with", hint: "In your own words: what is wrong, how long it has been going on, what you would like. Up to \(TriageRequestIntake.descriptionLimit) characters.", value: form.description ?? ""),
                            PhotoField.node(errors: errors),
                            .h2(.text(Self.aboutHeading(form.subject))),
                            .if(model.detailsFromNHSLogin, fromNHSLogin(), else: .group(
                                Components.field("givenName", label: "First name", value: form.givenName ?? "", autocomplete: "given-name", errors: errors),
                                Components.field("familyName", label: "Last name", value: form.familyName ?? "", autocomplete: "family-name", errors: errors),
                                DateOfBirthField.node(errors: errors, day: form.dobDay, month: form.dobMonth, year: form.dobYear))),
                            radios("sex", legend: "Your sex", options: PatientSex.allCases.map { ($0.rawValue, $0.displayName) }, selected: form.sex),
                            Components.field("postcode", label: "Postcode", value: form.postcode ?? "", hint: "Where you live, like SW1A 1AA.", autocomplete: "postal-code", errors: errors),
                            .if(!model.detailsFromNHSLogin, Components.field("nhsNumber", label: "NHS number (optional)", value: form.nhsNumber ?? "", hint: "10 digits, like 999 000 0018. You can find it on a letter from the NHS or in the NHS App.", errors: errors, extra: [.attribute(named: "inputmode", value: "numeric")])),
                            .h2(.text("How we contact you")),
                            Components.field("mobile", label: "Mobile phone number", value: form.mobile ?? "", type: .tel, autocomplete: "tel", errors: errors),
                            Components.field("email", label: "Email address", value: form.email ?? "", type: .email, autocomplete: "email", errors: errors),
                            radios("contactPreference", legend: "How would you like us to contact you?", options: ContactPreference.allCases.map { ($0.rawValue, $0.displayName) }, selected: form.contactPreference),
                            Components.field("bestTimes", label: "Best times to reach you (optional)", value: form.bestTimes ?? "", errors: errors),
                            consent()
                        ),
                        .button(.type(.submit), .class("button"), .text("Send request"))
                    )
                )
            ])
        }

        private func error(_ field: String) -> FormError? { errors.first { $0.field == field } }

        /// The name, date of birth and NHS number NHS login vouched for, shown and sent as they are.
        private func fromNHSLogin<C: HTML.BodyContext>() -> Node<C> {
            let born = CalendarDay(year: Int(form.dobYear ?? "") ?? 0, month: Int(form.dobMonth ?? "") ?? 0, day: Int(form.dobDay ?? "") ?? 0)
            let number = (try? NHSNumber(form.nhsNumber ?? ""))?.formatted ?? ""
            return .div(
                .attribute(named: "data-testid", value: "details-from-nhs-login"),
                .p(.text("From your NHS login:")),
                .element(named: "dl", nodes: [
                    .class("summary"),
                    .element(named: "dt", nodes: [.text("Name")]), .element(named: "dd", nodes: [.text("\(form.givenName ?? "") \(form.familyName ?? "")")]),
                    .element(named: "dt", nodes: [.text("Date of birth")]), .element(named: "dd", nodes: [.text(born?.displayText ?? "")]),
                    .element(named: "dt", nodes: [.text("NHS number")]), .element(named: "dd", nodes: [.text(number)]),
                ]),
                Components.hiddenField("givenName", form.givenName ?? ""), Components.hiddenField("familyName", form.familyName ?? ""),
                Components.hiddenField("dobDay", form.dobDay ?? ""), Components.hiddenField("dobMonth", form.dobMonth ?? ""),
                Components.hiddenField("dobYear", form.dobYear ?? ""), Components.hiddenField("nhsNumber", form.nhsNumber ?? ""))
        }

        private func radios<C: HTML.BodyContext>(_ name: String, legend: String, options: [(String, String)], selected: String?) -> Node<C> {
            .element(named: "fieldset", nodes: [
                .class(error(name) == nil ? "fieldset" : "fieldset form-group--error"), .id(name),
                .element(named: "legend", nodes: [.class("legend"), .text(legend)]),
                .unwrap(error(name)) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                .div(.class("radios"), .forEach(options) { option in
                    Components.choice(
                        .radio, name: name, value: option.0, label: option.1, id: "\(name)-\(option.0)", checked: option.0 == selected)
                }),
            ])
        }

        private func textarea<C: HTML.BodyContext>(_ name: String, label: String, hint: String, value: String) -> Node<C> {
            .div(
                .class(error(name) == nil ? "form-group" : "form-group form-group--error"),
                .label(.class("label"), .for(name), .text(label)),
                .div(.id("\(name)-hint"), .class("hint"), .text(hint)),
                .unwrap(error(name)) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                .element(named: "textarea", nodes: [
                    .id(name), .attribute(named: "name", value: name), .class("textarea"), .attribute(named: "rows", value: "6"),
                    .attribute(named: "aria-describedby", value: "\(name)-hint"), .text(value),
                ])
            )
        }

        private func consent<C: HTML.BodyContext>() -> Node<C> {
            var attributes: [Attribute<HTML.InputContext>] = [.type(.checkbox), .id("consent"), .name("consent"), .value("yes")]
            if form.consent == "yes" { attributes.append(.attribute(named: "checked", value: "checked")) }
            return .div(
                .class(error("consent") == nil ? "form-group" : "form-group form-group--error"),
                .unwrap(error("consent")) { .p(.class("error-message"), .text("Error: \($0.message)")) },
                .div(.class("checkbox"), .selfClosedElement(named: "input", attributes: attributes),
                     .label(.for("consent"), .text("I agree that the practice and the services working with it may use these details to deal with my request and contact me.")))
            )
        }
    }
}
