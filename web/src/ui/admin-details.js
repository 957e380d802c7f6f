// Settings' "For your administrator" section: the technical side of what the notices tell the
// agent in plain words (refused events and the commands that resend them, a failing disk, what the
// sound server answered). Hidden while there is nothing to say. Hooks: #admin-details li[data-detail=key].

/** @param {{h: Function}} o */
export function createAdminDetails({ h }) {
  const list = h("ul", { class: "admin-detail-list" });
  const element = h(
    "section",
    { id: "admin-details", class: "admin-details", hidden: true },
    h("h2", {}, "For your administrator"),
    list,
  );
  return {
    element,
    /** Sets (or with an empty text removes) the detail under `key`. */
    set(key, text) {
      let item = [...list.children].find((li) => li.dataset.detail === key);
      if (!text) item?.remove();
      else {
        if (!item) {
          item = h("li", { dataset: { detail: key } });
          list.append(item);
        }
        item.textContent = text;
      }
      element.hidden = list.children.length === 0;
    },
  };
}
