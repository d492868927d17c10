import Domain
import Testing

/// The waiting page's estimate from the recent hand-over rate.
@Suite struct DesktopWaitEstimateTests {
    @Test func theWaitIsTheTurnsAheadOverTheHandOverRate() {
        // MUT / validate: 6 seats handed over in 15 minutes is one every 150 s
        #expect(DesktopBroker.estimatedWait(ahead: 0, handedOver: 6, within: 900) == 150)
        #expect(DesktopBroker.estimatedWait(ahead: 3, handedOver: 6, within: 900) == 600)
    }

    @Test func withoutAHandOverTheRateIsUnknown() {
        #expect(DesktopBroker.estimatedWait(ahead: 0, handedOver: 0, within: 900) == nil)
        #expect(DesktopBroker.estimatedWait(ahead: 2, handedOver: 4, within: 0) == nil)
    }
}
