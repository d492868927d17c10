import Domain
import Vapor

/// Every route of the site, grouped so that the whole surface reads on one screen.
func routes(_ app: Application) throws {
    let config = app.appConfig

    // the stylesheet, the page scripts and /api/openapi.json are files of Public/, served by SiteAssetMiddleware
    do {  // operations: no session, no CSRF
        app.get(SiteURL.healthz.pathComponents, use: OperationsController.healthz)
        app.get(SiteURL.readyz.pathComponents, use: OperationsController.readyz)
        app.get(SiteURL.metrics.pathComponents, use: OperationsController.metrics)
    }

    let site = app.grouped(CSRFMiddleware(config: config), StaffSessionMiddleware(config: config))

    do {  // patients: online requests and replies, no account
        site.get(SiteURL.requestStart(ods: "").pathComponents, use: NewTriageRequestController.start)
        site.post(SiteURL.requestScreen(ods: "").pathComponents, use: NewTriageRequestController.screen)
        site.post(SiteURL.requestContinue(ods: "").pathComponents, use: NewTriageRequestController.continueAfterAdvice)
        site.on(.POST, SiteURL.requestSend(ods: "").pathComponents, body: .collect(maxSize: "45mb"), use: NewTriageRequestController.send)
        site.get(SiteURL.requestSent(ods: "", reference: "").pathComponents, use: NewTriageRequestController.sent)
        site.get(SiteURL.requestMobile(ods: "", reference: "").pathComponents, use: MobileNumberCheckController.show)
        site.post(SiteURL.requestMobile(ods: "", reference: "").pathComponents, use: MobileNumberCheckController.verify)
        site.post(SiteURL.requestMobileCode(ods: "", reference: "").pathComponents, use: MobileNumberCheckController.resend)
        site.get(SiteURL.reply(token: "").pathComponents, use: PatientReplyController.show)
        site.post(SiteURL.replyVerify(token: "").pathComponents, use: PatientReplyController.verify)
        site.on(.POST, SiteURL.replySend(token: "").pathComponents, body: .collect(maxSize: "45mb"), use: PatientReplyController.send)
    }

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

    do {  // NHS CIS2 for staff, NHS login for patients (OpenID Connect); the provider's calls carry no session or CSRF
        site.get(SiteURL.cis2Start.pathComponents, use: CIS2Controller.start)
        site.get(SiteURL.cis2Callback.pathComponents, use: CIS2Controller.callback)
        site.get(SiteURL.invitationCIS2(token: "").pathComponents, use: InvitationController.acceptWithCIS2)
        site.grouped(RequireStaffMiddleware()).post(SiteURL.cis2Link.pathComponents, use: CIS2Controller.link)
        app.post(SiteURL.cis2BackChannelLogout.pathComponents, use: CIS2Controller.backChannelLogout)
        app.get(SiteURL.signingKeys.pathComponents, use: CIS2Controller.signingKeys)
        site.get(SiteURL.nhsLoginStart(ods: "").pathComponents, use: NHSLoginController.start)
        site.get(SiteURL.nhsLoginCallback.pathComponents, use: NHSLoginController.callback)
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

    do {  // virtual login: pools, the viewer and its gateway
        app.get(SiteURL.noVNC.pathComponents, use: DesktopLiveController.noVNC)
        site.get(SiteURL.desktopGateway.pathComponents, use: DesktopGatewayController.connect)
        staff.get(SiteURL.desktops.pathComponents, use: DesktopController.index)
        staff.get(SiteURL.desktopPool(id: UUID()).pathComponents, use: DesktopController.show)
        staff.post(SiteURL.desktopOpen(id: UUID()).pathComponents, use: DesktopController.open)
        staff.post(SiteURL.desktopSignOut(id: UUID()).pathComponents, use: DesktopController.signOut)
        staff.post(SiteURL.desktopTicket(id: UUID()).pathComponents, use: DesktopController.ticket)
        staff.get(SiteURL.desktopEvents(id: UUID()).pathComponents, use: DesktopLiveController.events)
        staff.get(SiteURL.desktopPools.pathComponents, use: DesktopAdminController.index)
        staff.post(SiteURL.desktopPools.pathComponents, use: DesktopAdminController.create)
        staff.get(SiteURL.desktopPoolAdmin(id: UUID()).pathComponents, use: DesktopAdminController.show)
        staff.post(SiteURL.desktopPoolHosts(id: UUID()).pathComponents, use: DesktopAdminController.addHost)
        staff.post(SiteURL.desktopHostState(id: UUID()).pathComponents, use: DesktopAdminController.setHostState)
        staff.post(SiteURL.desktopSeatSignOut(id: UUID()).pathComponents, use: DesktopAdminController.forceSignOut)
    }

    do {  // video consultations: signalling and ICE servers (the patient by link, the clinician by session)
        site.get(SiteURL.videoSignal(token: "").pathComponents, use: VideoSignalController.patient)
        site.get(SiteURL.videoICE(token: "").pathComponents, use: VideoSignalController.patientICE)
        staff.get(SiteURL.consultationSignal(id: UUID()).pathComponents, use: VideoSignalController.clinician)
        staff.get(SiteURL.consultationICE(id: UUID()).pathComponents, use: VideoSignalController.clinicianICE)
        site.get(SiteURL.videoJoin(token: "").pathComponents, use: VideoPageController.patient)
        site.post(SiteURL.videoVerify(token: "").pathComponents, use: VideoDateOfBirth.verify)
        staff.get(SiteURL.consultationCall(id: UUID()).pathComponents, use: VideoPageController.clinician)
        staff.post(SiteURL.consultationGuests(id: UUID()).pathComponents, use: VideoPageController.addGuest)
        staff.post(SiteURL.consultationPhone(id: UUID()).pathComponents, use: VideoPageController.switchToPhone)
        staff.post(SiteURL.consultationEnd(id: UUID()).pathComponents, use: VideoPageController.end)
        staff.post(SiteURL.requestVideo(id: UUID()).pathComponents, use: VideoBookingController.book)
        staff.get(SiteURL.videoConsultations.pathComponents, use: VideoListController.index)
        staff.post(SiteURL.videoConsultations.pathComponents, use: VideoListController.book)
    }

    do {  // audit and API tokens
        staff.get(SiteURL.audit.pathComponents, use: AuditController.search)
        staff.get(SiteURL.apiTokens.pathComponents, use: APITokenController.index)
        staff.post(SiteURL.apiTokens.pathComponents, use: APITokenController.create)
        staff.post(SiteURL.apiTokenRevoke(id: UUID()).pathComponents, use: APITokenController.revoke)
    }

    do {  // the three pillars
        staff.get(SiteURL.consult.pathComponents, use: TriageQueueController.index)
        staff.get(SiteURL.queueEvents.pathComponents, use: TriageQueueController.events)
        staff.get(SiteURL.outbox.pathComponents, use: OutboxController.index)
        staff.get(SiteURL.dutyAlerts.pathComponents, use: DutyAlertsController.index)
        staff.get(SiteURL.consultSettings.pathComponents, use: ConsultSettingsController.show)
        staff.post(SiteURL.consultSettings.pathComponents, use: ConsultSettingsController.save)
        staff.post(SiteURL.consultClosures.pathComponents, use: AgreedClosureController.record)
        staff.post(SiteURL.consultClosureRemove.pathComponents, use: AgreedClosureController.remove)
        staff.post(SiteURL.consultTemplates.pathComponents, use: ConsultSettingsController.addTemplate)
        staff.get(SiteURL.triageRequest(id: UUID()).pathComponents, use: TriageRequestController.show)
        staff.post(TriageAction.claim.url(UUID()).pathComponents, use: TriageRequestController.claim)
        for action in TriageAction.allCases where action != .claim {
            staff.post(action.url(UUID()).pathComponents, use: TriageRequestController.act(action))
        }
        staff.get(SiteURL.requestPhoto(id: UUID(), photoID: UUID()).pathComponents, use: TriageRequestController.photo)
        staff.get(SiteURL.requestSummary(id: UUID()).pathComponents, use: WriteBackController.summary)
        staff.get(SiteURL.requestFHIR(id: UUID()).pathComponents, use: WriteBackController.fhir)
        staff.get(SiteURL.activity.pathComponents, use: ActivityController.show)
        staff.get(SiteURL.activityCSV.pathComponents, use: ActivityController.csv)
        staff.get(SiteURL.retention.pathComponents, use: RetentionController.show)
    }

    do {  // digital estate: kit, readiness, requests through the approval chain, funding, imports
        staff.get(SiteURL.estate.pathComponents, use: EstateHomeController.show)
        staff.post(SiteURL.estatePersonal.pathComponents, use: EstateHomeController.recordPersonal)
        staff.post(SiteURL.estateClaims.pathComponents, use: EstateHomeController.claim)
        staff.post(SiteURL.estateLineAccept(id: UUID()).pathComponents, use: EstateHomeController.accept)
        staff.post(SiteURL.estateLineRemove(id: UUID()).pathComponents, use: EstateRequestController.removeLine)
        staff.get(SiteURL.estateReadiness.pathComponents, use: EstateReadinessController.show)
        staff.post(SiteURL.estateRequestMissing.pathComponents, use: EstateReadinessController.requestMissing)
        staff.post(SiteURL.estateProfiles.pathComponents, use: EstateReadinessController.saveProfile)
        staff.get(SiteURL.estateAssets.pathComponents, use: EstateAssetController.index)
        staff.post(SiteURL.estateAssets.pathComponents, use: EstateAssetController.create)
        staff.get(SiteURL.estateAssetsCSV.pathComponents, use: EstateAssetController.export)
        staff.get(SiteURL.estateAsset(id: UUID()).pathComponents, use: EstateAssetController.show)
        staff.post(SiteURL.estateAssetState(id: UUID()).pathComponents, use: EstateAssetController.move)
        staff.get(SiteURL.estateImports.pathComponents, use: EstateImportController.index)
        staff.on(.POST, SiteURL.estateImports.pathComponents, body: .collect(maxSize: "64mb"), use: EstateImportController.upload)
        staff.get(SiteURL.estateImport(id: UUID()).pathComponents, use: EstateImportController.show)
        staff.get(SiteURL.estateRequests.pathComponents, use: EstateRequestController.index)
        staff.post(SiteURL.estateRequests.pathComponents, use: EstateRequestController.create)
        staff.get(SiteURL.estateRequest(id: UUID()).pathComponents, use: EstateRequestController.show)
        staff.post(SiteURL.estateRequestSubmit(id: UUID()).pathComponents, use: EstateRequestController.submit)
        staff.post(SiteURL.estateRequestDecide(id: UUID()).pathComponents, use: EstateRequestController.decide)
        staff.post(SiteURL.estateRequestAdvance(id: UUID()).pathComponents, use: EstateRequestController.advance)
        staff.get(SiteURL.estateFunding.pathComponents, use: EstateFundingController.show)
        staff.post(SiteURL.estateFundingPots.pathComponents, use: EstateFundingController.addPot)
        staff.post(SiteURL.estateFundingSettings.pathComponents, use: EstateFundingController.saveSettings)
    }

    let api = app.grouped(APIURL.prefix).grouped(APITokenMiddleware())

    do {  // JSON API, described in /api/openapi.json; each group answers only to tokens whose scope covers its area
        let organisations = api.grouped(APIScopeMiddleware(.organisations))
        organisations.get(APIURL.organisation.pathComponents, use: APIController.organisation)
        organisations.get(APIURL.organisationByCode.pathComponents, use: APIController.organisationByCode)
        organisations.get(APIURL.engagements.pathComponents, use: APIController.engagements)
        organisations.post(APIURL.invitations.pathComponents, use: APIController.invite)
        let audit = api.grouped(APIScopeMiddleware(.audit))
        audit.get(APIURL.auditEvents.pathComponents, use: APIController.auditEvents)
        let requests = api.grouped(APIScopeMiddleware(.requests))
        requests.get(APIURL.requests.pathComponents, use: TriageAPIController.list)
        requests.get(APIURL.request.pathComponents, use: TriageAPIController.read)
        requests.patch(APIURL.request.pathComponents, use: TriageAPIController.update)
        requests.get(APIURL.requestFHIR.pathComponents, use: TriageAPIController.fhir)
        requests.get(APIURL.activity.pathComponents, use: ActivityAPIController.month)
        let estate = api.grouped(APIScopeMiddleware(.estate))
        estate.get(APIURL.assets.pathComponents, use: EstateAPIController.list)
        estate.post(APIURL.assets.pathComponents, use: EstateAPIController.create)
        estate.get(APIURL.asset.pathComponents, use: EstateAPIController.read)
        estate.get(APIURL.readiness.pathComponents, use: EstateAPIController.readiness)
        estate.get(APIURL.estateRequests.pathComponents, use: EstateAPIController.requests)
    }
}
