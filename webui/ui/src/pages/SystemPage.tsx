// SystemPage gathers what keeps the box itself: firmware update, backup
// and restore, factory reset, time, network, admins, the integrations
// (recording retention and scenario backends) and the log.
import { IntegrationsSection } from "../integrations/IntegrationsSection";
import { AdminsSection } from "../system/AdminsSection";
import { BackupSection } from "../system/BackupSection";
import { FactoryResetSection } from "../system/FactoryResetSection";
import { LogSection } from "../system/LogSection";
import { NetworkSection } from "../system/NetworkSection";
import { TimeSection } from "../system/TimeSection";
import { UpdateSection } from "../system/UpdateSection";

export function SystemPage() {
  return (
    <div className="cards system">
      <UpdateSection />
      <BackupSection />
      <TimeSection />
      <NetworkSection />
      <AdminsSection />
      <IntegrationsSection />
      <FactoryResetSection />
      <LogSection />
    </div>
  );
}
