// Repairs to the markup of Dash 4's own widgets, which axe-core and screen readers fault:
// - RadioItems and Checklist put native radios and checkboxes inside role="option" labels of a
//   role="listbox": interactive controls nested in an interactive role, and a listbox with no
//   name. The native inputs with their labels say everything: the roles go.
// - Dropdown has a read-only input marked aria-hidden yet focusable (it hands focus to the
//   button), and its button is named by its value alone, not by the <label for> it has. The
//   button takes the input's place in the tab order and is named by the label, then its value.
// (The date slider's thumb is named, with the date as its value, by assets/labels.js.)
// Each repair is idempotent and runs whenever Dash renders (a MutationObserver).
(function () {
  function repairOptionLists(root) {
    // RadioItems and Checklist only: a dropdown's open list of options is a listbox indeed.
    var lists = ".dash-radioitems, .dash-checklist";
    root.querySelectorAll(".dash-radioitems[role], .dash-checklist[role]").forEach(function (list) {
      list.removeAttribute("role");
    });
    // React sets aria-selected again whenever an option's state changes.
    root.querySelectorAll(lists).forEach(function (list) {
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
    });
  }

  function repairDropdowns(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var entry = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (entry && button) {
        // The tab stop moves from the hidden input (which hands focus on at once) to the button.
        setAttributes(entry, { "tabindex": "-1" });
        setAttributes(button, { "tabindex": "0" });
      }
      var label = button && button.id && document.querySelector("label[for='" + button.id + "']");
      if (!label) {
        return;
      }
      if (!label.id) {
        label.id = button.id + "-label";
      }
      var names = (button.getAttribute("aria-labelledby") || "").split(" ").filter(function (id) {
        return id && id !== label.id;
      });
      setAttributes(button, { "aria-labelledby": [label.id].concat(names).join(" ") });
    });
  }

  function setAttributes(element, attributes) {
    Object.keys(attributes).forEach(function (name) {
      if (element.getAttribute(name) !== attributes[name]) {
        element.setAttribute(name, attributes[name]);
      }
    });
  }

  function repair() {
    repairOptionLists(document);
    repairDropdowns(document);
  }

  // Synchronously after each render, before the browser paints or a reader hears it.
  new MutationObserver(repair).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-valuenow", "aria-labelledby", "aria-selected", "role", "tabindex"],
  });
})();
