/// The site's stylesheet, in the plain NHS service look: blue header, clear type, visible focus, works at 320 px.
enum SiteStylesheet {
    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{font-family:Arial,"Helvetica Neue",sans-serif;font-size:16px;line-height:1.5;color:#212b32;background:#f0f4f5}
        body{margin:0;min-width:0}
        a{color:#005eb8}a:visited{color:#330072}a:hover{color:#7c2855}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,[tabindex]:focus{outline:4px solid transparent;background-color:#ffeb3b;box-shadow:0 -2px #ffeb3b,0 4px #212b32;color:#212b32;text-decoration:none}
        input:focus,select:focus,textarea:focus{background-color:#fff;box-shadow:inset 0 0 0 2px #212b32;outline:4px solid #ffeb3b}
        .skip-link{position:absolute;left:-9999px;top:0;padding:8px 12px;background:#ffeb3b;color:#212b32;z-index:10}
        .skip-link:focus{left:8px;top:8px}
        .site-header{background:#005eb8;color:#fff}
        .site-header__bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding:12px 16px;max-width:1100px;margin:0 auto}
        .site-header__name{color:#fff;font-weight:bold;font-size:1.25rem;text-decoration:none}
        .site-header__name:visited{color:#fff}
        .site-header__who{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
        .acting-for{background:#003d78;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
        .acting-for p{margin:0}
        .acting-for__switch{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
        .acting-for__switch select{max-width:100%}
        .site-nav{background:#fff;border-bottom:1px solid #d8dde0}
        .site-nav ul{list-style:none;margin:0 auto;padding:0 8px;display:flex;flex-wrap:wrap;max-width:1100px}
        .site-nav a{display:block;padding:12px 8px;font-weight:bold}
        .site-nav a[aria-current=page]{border-bottom:4px solid #005eb8}
        .page{display:block;max-width:1100px;margin:0 auto;padding:24px 16px 48px;background:#f0f4f5}
        .page:focus{box-shadow:none;background:#f0f4f5}
        .narrow{max-width:560px}
        h1{font-size:2rem;line-height:1.2;margin:0 0 16px}h2{font-size:1.5rem;margin:32px 0 12px}
        .lead{font-size:1.2rem}
        .hint{color:#4c6272}
        .form-group{margin-bottom:20px}
        .form-group--error{border-left:4px solid #d5281b;padding-left:12px}
        .label{display:block;font-weight:bold;margin-bottom:4px}
        .input,.select,textarea{font:inherit;width:100%;max-width:32em;padding:8px;border:2px solid #4c6272;border-radius:0;background:#fff}
        .input--error{border-color:#d5281b}
        .error-message{color:#d5281b;font-weight:bold;margin:4px 0}
        .error-summary{border:4px solid #d5281b;background:#fff;padding:16px;margin-bottom:24px}
        .error-summary__title{margin-top:0;font-size:1.25rem}
        .error-summary a{color:#d5281b;font-weight:bold}
        .notice{border-left:8px solid #005eb8;background:#fff;padding:12px 16px;margin-bottom:16px}
        .button{display:inline-block;font:inherit;font-weight:bold;color:#fff;background:#007f3b;border:0;border-bottom:4px solid #00401e;padding:10px 16px;cursor:pointer;text-decoration:none;border-radius:4px}
        .button:visited{color:#fff}
        .button--secondary{background:#4c6272;border-bottom-color:#263139}
        .button--header{background:#fff;color:#005eb8;border-bottom-color:#aeb7bd}
        .button--warning{background:#d5281b;border-bottom-color:#6b140e}
        .inline-form{display:inline}
        .table{width:100%;border-collapse:collapse;background:#fff;margin-bottom:24px}
        .table caption{text-align:left;font-weight:bold;padding:8px 0}
        .table th,.table td{text-align:left;padding:8px;border-bottom:1px solid #d8dde0;vertical-align:top}
        .table-wrap{overflow-x:auto;max-width:100%}
        .summary-list{display:grid;grid-template-columns:minmax(8em,1fr) 3fr;gap:4px 16px;background:#fff;padding:16px}
        .summary-list dt{font-weight:bold}.summary-list dd{margin:0}
        .card-list li{margin-bottom:8px}
        .qr-code{display:block;margin:16px 0;max-width:100%;height:auto}
        .recovery-codes{font-size:1.2rem;columns:2}
        .tag{display:inline-block;padding:2px 8px;background:#d8dde0;font-weight:bold;font-size:.875rem}
        .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;background:#fff;padding:12px;margin-bottom:16px}
        .filters .form-group{margin:0}
        ul.filters{list-style:none}
        .actions .button,.actions form{margin:0 8px 8px 0}
        .site-footer{border-top:4px solid #005eb8;background:#fff;padding:16px;color:#4c6272}
        .site-footer p{max-width:1100px;margin:0 auto}
        code{word-break:break-all}
        .notice--warning{border-left-color:#ffb81c}
        .notice--danger{border-left-color:#d5281b}
        .urgent-advice{background:#d5281b;color:#fff;padding:16px 20px;margin-bottom:24px}
        .urgent-advice h1,.urgent-advice p{color:#fff}
        .urgent-advice a{color:#fff;font-weight:bold}
        .urgent-advice .button--warning{background:#fff;color:#d5281b;border-bottom-color:#6b140e}
        .fieldset{border:0;padding:0;margin:0 0 24px}
        .legend{font-weight:bold;font-size:1.1rem;margin-bottom:8px;padding:0}
        .radios{display:flex;flex-wrap:wrap;gap:8px 24px}
        .radio,.checkbox{display:flex;align-items:center;gap:8px;min-height:40px}
        .radio input,.checkbox input{width:28px;height:28px;margin:0;accent-color:#005eb8}
        .date-input{display:flex;gap:12px}
        .date-part .input{width:auto}
        .input--2{max-width:4em}.input--4{max-width:6em}
        .textarea{font:inherit;width:100%;max-width:40em;padding:8px;border:2px solid #4c6272;background:#fff}
        .tag--red{background:#d5281b;color:#fff;margin-right:6px}
        .row--flagged td{background:#fde8e6}
        .photos{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
        .photo{max-width:200px;max-height:200px;border:1px solid #d8dde0}
        .messages{list-style:none;padding:0}
        .message{background:#fff;border-left:4px solid #005eb8;padding:8px 12px;margin-bottom:8px}
        .message--inbound{border-left-color:#007f3b}
        .counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
        .confirmation{background:#007f3b;color:#fff;padding:16px 20px;margin-bottom:24px}
        .confirmation h1,.confirmation p{color:#fff}
        .reference{font-size:1.6rem;font-weight:bold;letter-spacing:.05em}
        .patient-words{background:#fff;padding:12px 16px;white-space:pre-wrap}
        .actions{background:#fff;padding:12px 16px;margin-top:24px}
        .action{border-top:1px solid #d8dde0;padding-top:8px;margin-top:8px}
        @media (max-width:480px){h1{font-size:1.6rem}.summary-list{grid-template-columns:1fr}.recovery-codes{columns:1}}
        .desktop-screen{width:100%;height:75vh;min-height:320px;background:#212b32;overflow:hidden}
        .desktop-actions{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
        .chart{width:100%;max-width:720px;height:auto;border:1px solid #d8dde0;background:#fff}
        .video-grid{display:grid;gap:8px;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));margin:8px 0}
        .video-grid video,#local-video{display:block;width:100%;height:auto;max-width:100%;background:#212b32;border-radius:4px}
        #local-video{max-width:200px}
        .call-actions{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
        """
}
