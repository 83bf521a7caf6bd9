// The texts of deleting a trunk, an inbound route or a scenario, in every
// language side by side. Each language file spreads its own part in.
import type { Messages } from "./messages";

const en = {
  removal: {
    delete: "Delete",
    confirm: "Really delete {{name}}",
    deleted: "{{name}} deleted.",
  },
};

const ru: Messages = {
  removal: {
    delete: "Удалить",
    confirm: "Точно удалить {{name}}",
    deleted: "{{name}}: удалено.",
  },
};

const uk: Messages = {
  removal: {
    delete: "Видалити",
    confirm: "Точно видалити {{name}}",
    deleted: "{{name}}: видалено.",
  },
};

const pl: Messages = {
  removal: {
    delete: "Usuń",
    confirm: "Na pewno usuń {{name}}",
    deleted: "{{name}}: usunięto.",
  },
};

export const removalTexts = { en, ru, uk, pl };
