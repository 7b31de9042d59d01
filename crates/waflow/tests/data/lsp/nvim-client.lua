-- Neovim as the client of `waflow lsp` (run by tests/editor_nvim.rs): open a flow, wait for the
-- diagnostics, apply the first code action (of kind $WAFLOW_ONLY when set), save, and wait until
-- the diagnostics are gone.
-- Works with Neovim 0.7 (Debian 12) and later. Writes what it sees to $WAFLOW_OUT.
local out = assert(io.open(os.getenv("WAFLOW_OUT"), "w"))
local function log(line)
  out:write(line .. "\n")
  out:flush()
end
local flow = os.getenv("WAFLOW_FLOW")
vim.cmd("edit " .. vim.fn.fnameescape(flow))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "waflow",
  cmd = { os.getenv("WAFLOW_BIN"), "lsp" },
  root_dir = vim.fn.fnamemodify(flow, ":h"),
})
vim.lsp.buf_attach_client(buf, id)
local client = vim.lsp.get_client_by_id(id)

vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
local found = vim.diagnostic.get(buf)
for _, d in ipairs(found) do
  local lsp = d.user_data and d.user_data.lsp or {}
  log(string.format("diagnostic %d:%d %s %s", d.lnum, d.col, tostring(lsp.code), (d.message:gsub("\n.*", ""))))
end
if #found == 0 then
  log("no diagnostics")
  vim.cmd("qa!")
end

local d = found[1]
local range = {
  start = { line = d.lnum, character = d.col },
  ["end"] = { line = d.end_lnum, character = d.end_col },
}
-- Neovim 0.7 keeps only some fields of the LSP diagnostic in user_data.
local lsp = vim.tbl_extend("force", d.user_data.lsp, { range = range, message = d.message })
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = range,
  context = { diagnostics = { lsp }, only = os.getenv("WAFLOW_ONLY") and { os.getenv("WAFLOW_ONLY") } or nil },
}
local answer = client.request_sync("textDocument/codeAction", params, 10000, buf)
local action = answer and answer.result and answer.result[1]
if not action then
  log("no code action: " .. (vim.inspect(answer):gsub("\n", " ")))
  vim.cmd("qa!")
end
log("action " .. action.title)
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
vim.cmd("silent wall")
local config = vim.fn.fnamemodify(flow, ":h") .. "/waflow.toml"
client.notify("workspace/didChangeWatchedFiles", {
  changes = { { uri = vim.uri_from_fname(config), type = 2 } },
})
vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
log("after " .. #vim.diagnostic.get(buf))
client.stop()
vim.wait(5000, function() return client.is_stopped() end, 20)
vim.cmd("qa!")
