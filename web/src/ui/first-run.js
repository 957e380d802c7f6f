// First run: no PBX profile yet. Says how an administrator provisions Deskphone (the CLI is the
// intended way) and points at the settings form below for doing it by hand.

export const PROVISIONING_COMMANDS = [
  "sudo deskphone profile add main --system --server wss://pbx.example.com:8089/ws --domain pbx.example.com --default",
  'deskphone account add --profile main --extension 1001 --display-name "Front desk" --password-file ~/sip-password.txt',
];

export function renderFirstRun(h) {
  return [
    h("h1", {}, "Set up Deskphone"),
    h(
      "p",
      {},
      "This computer has no PBX profile yet, so there is nothing to register. ",
      "An administrator usually provisions Deskphone from the command line:",
    ),
    h(
      "pre",
      { class: "commands", dataset: { role: "provisioning-commands" } },
      h("code", {}, PROVISIONING_COMMANDS.join("\n")),
    ),
    h(
      "p",
      { class: "muted" },
      "A profile added with ",
      h("code", {}, "--system"),
      " (as root, in /etc/deskphone) applies to every user of this ",
      "computer and is locked: it cannot be changed here. Passwords can also come from a prompt (",
      h("code", {}, "--password"),
      ") or the DESKPHONE_SIP_PASSWORD variable; they never go on the command line. ",
      "Deskphone reads its configuration when it starts.",
    ),
    h("p", {}, "You can also add a profile and your accounts yourself:"),
  ];
}

export function renderNoAccounts(h) {
  return [
    h("h1", {}, "No account yet"),
    h("p", {}, "Add your extension below, or ask your administrator to run:"),
    h(
      "pre",
      { class: "commands", dataset: { role: "provisioning-commands" } },
      h("code", {}, PROVISIONING_COMMANDS[1]),
    ),
  ];
}
