-- Drives neovim's built-in LSP client (0.7) against `asyncfix server`:
-- opens $FILE, waits for the diagnostics, asks for source.fixAll, applies it
-- with neovim's own apply_workspace_edit and writes the buffer to $OUT.
-- What neovim shows (vim.diagnostic.get) goes to $OUT.json. Run as
--   nvim --headless -u NONE -c 'luafile fixall.lua'
local env = function(name)
  local v = os.getenv(name)
  if not v or v == '' then error('fixall.lua: $' .. name .. ' is not set') end
  return v
end
local asyncfix, root, file, out = env('ASYNCFIX'), env('ROOT'), env('FILE'), env('OUT')
local offer_utf8 = os.getenv('OFFER_UTF8') == '1'
local report = { published = 0, diagnostics = {}, errors = {} }

local function finish()
  local f = assert(io.open(out .. '.json', 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'python'
  local bufnr = vim.api.nvim_get_current_buf()
  local caps = vim.lsp.protocol.make_client_capabilities()
  if offer_utf8 then
    caps.general = { positionEncodings = { 'utf-8', 'utf-16' } }
  end
  local client_id = vim.lsp.start_client({
    name = 'asyncfix',
    cmd = { asyncfix, 'server' },
    root_dir = root,
    capabilities = caps,
    on_init = function(client, result)
      -- neovim 0.7 predates positionEncoding: take what the server chose
      if result.capabilities.positionEncoding then
        client.offset_encoding = result.capabilities.positionEncoding
      end
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        report.published = report.published + 1
        return vim.lsp.handlers['textDocument/publishDiagnostics'](e, result, ctx, config)
      end,
    },
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  if not vim.wait(20000, function() return report.published > 0 end, 20) then
    table.insert(report.errors, 'no diagnostics published')
  end
  local client = vim.lsp.get_client_by_id(client_id)
  report.encoding = client.offset_encoding
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { only = { 'source.fixAll' }, diagnostics = {} },
  }
  -- answered once the project index is built: the diagnostics published before it are the final ones
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000) or {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      message = d.message, source = d.source,
    })
  end
  report.actions = 0
  for _, resp in pairs(responses) do
    if resp.error then table.insert(report.errors, vim.inspect(resp.error)) end
    for _, action in ipairs(resp.result or {}) do
      if action.kind == 'source.fixAll.asyncfix' then
        report.actions = report.actions + 1
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      end
    end
  end
  vim.cmd('write! ' .. vim.fn.fnameescape(out))
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end)
if not ok then table.insert(report.errors, tostring(err)) end
finish()
