import Vapor

/// Every route of the site, grouped so that the whole surface reads on one screen.
func routes(_ app: Application) throws {
    let config = app.appConfig

    do {  // operations: no session, no CSRF
        app.get(SiteURL.healthz.pathComponents, use: OperationsController.healthz)
        app.get(SiteURL.readyz.pathComponents, use: OperationsController.readyz)
        app.get(SiteURL.metrics.pathComponents, use: OperationsController.metrics)
        app.get(SiteURL.stylesheet.pathComponents, use: OperationsController.stylesheet)
        app.get(SiteURL.openAPI.pathComponents, use: OpenAPIController.document)
    }

    let site = app.grouped(CSRFMiddleware(config: config), StaffSessionMiddleware(config: config))

    do {  // signing in
        site.get(SiteURL.login.pathComponents, use: LoginController.show)
        site.post(SiteURL.login.pathComponents, use: LoginController.submitPassword)
        site.get(SiteURL.secondFactor.pathComponents, use: LoginController.showSecondFactor)
        site.post(SiteURL.secondFactor.pathComponents, use: LoginController.submitSecondFactor)
        site.get(SiteURL.enrol.pathComponents, use: EnrolmentController.show)
        site.post(SiteURL.enrol.pathComponents, use: EnrolmentController.confirm)
        site.post(SiteURL.logout.pathComponents, use: LoginController.logout)
        site.get(SiteURL.invitation(token: "").pathComponents, use: InvitationController.show)
        site.post(SiteURL.invitation(token: "").pathComponents, use: InvitationController.accept)
    }

    let staff = site.grouped(RequireStaffMiddleware())

    do {  // home and account
        staff.get(SiteURL.home.pathComponents, use: HomeController.show)
        staff.post(SiteURL.actingFor.pathComponents, use: HomeController.switchActingFor)
        staff.post(SiteURL.logoutEverywhere.pathComponents, use: LoginController.logoutEverywhere)
    }

    do {  // organisations and staff
        staff.get(SiteURL.organisations.pathComponents, use: OrganisationController.index)
        staff.get(SiteURL.organisation(ods: "").pathComponents, use: OrganisationController.show)
        staff.get(SiteURL.staff.pathComponents, use: StaffController.index)
        staff.get(SiteURL.staffInvite.pathComponents, use: StaffController.showInvite)
        staff.post(SiteURL.staffInvite.pathComponents, use: StaffController.invite)
        staff.post(SiteURL.engagementEnd(id: UUID()).pathComponents, use: StaffController.endEngagement)
    }

    do {  // audit and API tokens
        staff.get(SiteURL.audit.pathComponents, use: AuditController.search)
        staff.get(SiteURL.apiTokens.pathComponents, use: APITokenController.index)
        staff.post(SiteURL.apiTokens.pathComponents, use: APITokenController.create)
        staff.post(SiteURL.apiTokenRevoke(id: UUID()).pathComponents, use: APITokenController.revoke)
    }

    do {  // the three pillars
        staff.get(SiteURL.consult.pathComponents, use: PillarPlaceholderController.page(
            "Remote assessment", .consult, "Online requests from patients, the shared triage queue, messages and video consultations."))
        staff.get(SiteURL.desktops.pathComponents, use: PillarPlaceholderController.page(
            "Virtual login", .desktops, "Pooled desktops you can open from any device, with no VPN."))
        staff.get(SiteURL.estate.pathComponents, use: PillarPlaceholderController.page(
            "Digital estate", .estate, "Who has which kit and credentials, requests for what is missing, and who is ready to work remotely."))
    }

    let api = app.grouped(APIURL.prefix).grouped(APITokenMiddleware())

    do {  // JSON API, described in /api/openapi.json
        api.get(APIURL.organisation.pathComponents, use: APIController.organisation)
        api.get(APIURL.organisationByCode.pathComponents, use: APIController.organisationByCode)
        api.get(APIURL.engagements.pathComponents, use: APIController.engagements)
        api.post(APIURL.invitations.pathComponents, use: APIController.invite)
        api.get(APIURL.auditEvents.pathComponents, use: APIController.auditEvents)
    }
}
