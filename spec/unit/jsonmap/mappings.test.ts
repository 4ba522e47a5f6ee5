import { addressingCases, iqCases, messageCases, presenceCases } from "./cases";
import { describeMappings } from "./support";

describeMappings("stanza attributes and errors", addressingCases);
describeMappings("message fields", messageCases);
describeMappings("presence fields", presenceCases);
describeMappings("iq fields", iqCases);
